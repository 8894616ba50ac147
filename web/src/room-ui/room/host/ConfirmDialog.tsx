import { useEffect, useRef } from 'react';
import { useI18n } from '../../../i18n';

/** A modal question (native <dialog>: focus is trapped, Escape cancels). */
export function ConfirmDialog({ title, body, confirm, onConfirm, onCancel }: { title: string; body: string; confirm: string; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-body" onCancel={onCancel}>
      <h2 id="confirm-title">{title}</h2>
      <p id="confirm-body">{body}</p>
      <div className="actions">
        <button type="button" className="control" autoFocus onClick={onCancel}>
          {t('roomui.cancel')}
        </button>
        <button type="button" className="control danger" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
