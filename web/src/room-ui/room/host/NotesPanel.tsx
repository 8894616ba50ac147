import { useEffect, useRef, useState } from 'react';
import { NOTES_MAX_LENGTH } from '@shuoshi/protocol';
import { hasMessage, useI18n } from '../../../i18n';
import { errorText } from '../labels';
import { readNotes, saveNotes } from './notes-api';

/** How long after the last keystroke the notes are saved. */
const SAVE_AFTER_MS = 1200;

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'failed'; reason: string };

/**
 * The mediator's private notes (调解笔录 draft) beside the video: loaded from the case
 * file, saved a moment after typing stops (and when the panel goes), so a reload finds
 * them. Only on the host's page opened from the case file (it knows the session).
 */
export function NotesPanel({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const [text, setText] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const pending = useRef<{ text: string; timer: ReturnType<typeof setTimeout> } | null>(null);
  const saved = useRef<string>('');

  useEffect(() => {
    let live = true;
    readNotes(sessionId)
      .then((n) => {
        if (!live) return;
        saved.current = n.text;
        setText(n.text);
        if (n.updatedAt) setStatus({ kind: 'saved', at: n.updatedAt });
      })
      .catch((err: unknown) => live && (setText(''), setStatus({ kind: 'failed', reason: errorText(err, t, hasMessage) })));
    return () => {
      live = false;
    };
  }, [sessionId]);

  const save = (value: string) => {
    pending.current = null;
    if (value === saved.current) return;
    setStatus({ kind: 'saving' });
    saveNotes(sessionId, value)
      .then((n) => {
        saved.current = n.text;
        setStatus({ kind: 'saved', at: n.updatedAt ?? new Date().toISOString() });
      })
      .catch((err: unknown) => {
        setStatus({ kind: 'failed', reason: errorText(err, t, hasMessage) });
        // try again a little later with whatever is typed then
        pending.current = { text: value, timer: setTimeout(() => save(pending.current?.text ?? value), SAVE_AFTER_MS * 5) };
      });
  };

  // leaving the page or the panel: what was typed is saved now, not lost
  useEffect(() => {
    const flush = () => {
      const p = pending.current;
      if (!p) return;
      clearTimeout(p.timer);
      save(p.text);
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [sessionId]);

  const onChange = (value: string) => {
    setText(value);
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = { text: value, timer: setTimeout(() => save(value), SAVE_AFTER_MS) };
  };

  const statusText =
    status.kind === 'saving' ? t('roomui.notes.saving')
    : status.kind === 'saved' ? t('roomui.notes.saved', { time: new Date(status.at).toLocaleTimeString('zh-CN', { hour12: false }) })
    : status.kind === 'failed' ? t('roomui.notes.failed', { reason: status.reason })
    : '';

  return (
    <section className="panel notes-panel" aria-labelledby="notes-title" data-testid="notes-panel">
      <h3 id="notes-title">{t('roomui.notes.title')}</h3>
      <label className="notes-field">
        <span className="visually-hidden">{t('roomui.notes.label')}</span>
        <textarea
          name="notes"
          rows={6}
          maxLength={NOTES_MAX_LENGTH}
          value={text ?? ''}
          disabled={text === null}
          aria-describedby="notes-hint notes-status"
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <p id="notes-hint" className="note">
        {t('roomui.notes.hint')}
      </p>
      <p id="notes-status" className="note" role="status" data-testid="notes-status" data-state={status.kind}>
        {statusText}
      </p>
    </section>
  );
}
