import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { asApiError } from './useApi';

/**
 * A form's submit: busy while `action` runs, its failure as an ApiError for <ErrorNote>.
 * With `leavesPage` the form stays busy after success (the action navigates away, so no
 * second submit meanwhile).
 */
export function useSubmit(action: () => Promise<void>, opts: { leavesPage?: boolean } = {}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
      if (!opts.leavesPage) setBusy(false);
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  }
  return { busy, error, onSubmit: (e: FormEvent) => void submit(e) };
}
