import type { DocShown } from '@shuoshi/protocol';
import { useI18n } from '../../i18n';

/** The document shown to my group: an image inline, a PDF in a frame (and a link to open it). */
export function DocumentViewer({ doc }: { doc: DocShown }) {
  const { t } = useI18n();
  const title = t('roomui.doc.title', { name: doc.name });
  return (
    <section className="doc-viewer panel" aria-label={title} data-testid="doc-viewer" data-document-id={doc.documentId}>
      <h2>{title}</h2>
      {doc.mime.startsWith('image/') ? (
        <img src={doc.url} alt={doc.name} />
      ) : (
        <iframe src={doc.url} title={title} />
      )}
      <a href={doc.url} target="_blank" rel="noreferrer">
        {t('roomui.doc.open', { name: doc.name })}
      </a>
    </section>
  );
}
