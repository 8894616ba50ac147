import { useCallback, useState } from 'react';
import { hasMessage, useI18n } from '../../i18n';
import { errorText } from './labels';

/**
 * Runs a room action from a click; keeps the refusal's words (for a role="alert")
 * and whether it is running (to disable the button meanwhile).
 */
export function useAction(): { run: (fn: () => Promise<unknown>) => void; error: string | null; busy: boolean; clear: () => void } {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    (fn: () => Promise<unknown>) => {
      setError(null);
      setBusy(true);
      fn()
        .catch((err: unknown) => setError(errorText(err, t, hasMessage)))
        .finally(() => setBusy(false));
    },
    [t],
  );
  return { run, error, busy, clear: () => setError(null) };
}
