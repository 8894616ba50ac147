import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { DocShown } from '@shuoshi/protocol';
import { useI18n } from '../../../i18n';
import type { RoomClient } from '../../../room';
import { useAction } from '../useAction';
import { listDocuments, uploadDocument, type SessionDocument } from './documents-api';

/** Host: upload a document to the session's case file and show it to (or hide it from) my group. */
export function DocumentsPanel({ client, sessionId, shown }: { client: RoomClient; sessionId: string | null; shown: DocShown | null }) {
  const { t } = useI18n();
  const action = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [docs, setDocs] = useState<SessionDocument[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const reload = useCallback(async () => {
    if (sessionId) setDocs(await listDocuments(sessionId));
  }, [sessionId]);
  useEffect(() => {
    reload().catch(() => undefined); // a room opened without a staff sign-in can still show what the host uploads
  }, [reload]);

  if (!sessionId) {
    return (
      <section className="panel docs-panel" aria-labelledby="docs-title">
        <h3 id="docs-title">{t('roomui.docs.title')}</h3>
        <p className="note">{t('roomui.docs.noSession')}</p>
      </section>
    );
  }
  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    action.run(async () => {
      const doc = await uploadDocument(sessionId, file);
      setDone(doc.name);
      setDocs((d) => [...d.filter((x) => x.id !== doc.id), doc]);
      setFile(null);
      (e.target as HTMLFormElement).reset();
    });
  };
  return (
    <section className="panel docs-panel" aria-labelledby="docs-title" data-testid="docs-panel">
      <h3 id="docs-title">{t('roomui.docs.title')}</h3>
      <form onSubmit={upload} className="inline-form">
        <label>
          {t('roomui.docs.file')}
          <input type="file" accept="application/pdf,image/png,image/jpeg,image/webp" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" className="small control" disabled={!file || action.busy}>
          {t('roomui.docs.upload')}
        </button>
      </form>
      {done && <p role="status">{t('roomui.docs.uploaded', { name: done })}</p>}
      {shown && <p className="note">{t('roomui.docs.showing', { name: shown.name })}</p>}
      <ul className="row-list">
        {docs.length === 0 && <li className="note">{t('roomui.docs.none')}</li>}
        {docs.map((d) => (
          <li key={d.id} data-document={d.id}>
            <span className="who">{d.name}</span>
            {shown?.documentId === d.id ? (
              <button type="button" className="small control" onClick={() => action.run(() => client.documents.hide())}>
                {t('roomui.docs.hide')}
              </button>
            ) : (
              <button type="button" className="small control" aria-label={`${t('roomui.docs.show')}：${d.name}`} onClick={() => action.run(() => client.documents.show(d.id))}>
                {t('roomui.docs.show')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {action.error && <p role="alert">{action.error}</p>}
    </section>
  );
}
