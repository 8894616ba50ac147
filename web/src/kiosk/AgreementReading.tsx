import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import type { CaseDetail } from '../api/types';

type Agreement = CaseDetail['outcomes'][number];
type Party = CaseDetail['parties'][number];

/**
 * Before a villager signs (issue #13 bug 7): the agreement they sign, in large type in
 * a scrolling box: who the parties are (each with their own address), the terms, and
 * what signing means. 开始签字 opens only once the end of the text has been on screen,
 * so the pad is never reached without the text having been shown.
 */
export function AgreementReading({ agreement, parties, signer, onRead }: { agreement: Agreement; parties: Party[]; signer: Party; onRead(): void }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const end = useRef<HTMLParagraphElement>(null);
  const [seenEnd, setSeenEnd] = useState(false);
  const top = useRef<HTMLDivElement>(null);

  // the agreement comes into view at once, its heading at the top of the screen (braces: Chromium's
  // scrollIntoView may return a promise, which React would take for a clean-up function)
  useEffect(() => {
    top.current?.scrollIntoView({ block: 'start' });
  }, []);

  useEffect(() => {
    const root = box.current;
    const target = end.current;
    if (!root || !target) return;
    const seen = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeenEnd(true), { root, threshold: 1 });
    seen.observe(target);
    return () => seen.disconnect();
  }, []);

  return (
    <div ref={top} className="k-agreement" data-testid="kiosk-agreement">
      <h4 className="k-lead">{t('kiosk.sign.readTitle')}</h4>
      <p>{t('kiosk.sign.readHint', { name: signer.name })}</p>
      <div ref={box} className="k-agreement-text" tabIndex={0} role="document" aria-label={t('kiosk.sign.readTitle')} data-testid="kiosk-agreement-text">
        <h5>{t('kiosk.sign.parties')}</h5>
        <ul>
          {parties.map((p) => (
            <li key={p.id}>
              <strong>
                {t(p.side === 'A' ? 'kiosk.sign.side.A' : 'kiosk.sign.side.B')} {p.name}
              </strong>
              {p.address && <span className="k-agreement-address">{t('kiosk.sign.address', { address: p.address })}</span>}
            </li>
          ))}
        </ul>
        <h5>{t('kiosk.sign.terms')}</h5>
        <p className="k-agreement-terms">{agreement.terms}</p>
        <p ref={end}>{t('kiosk.sign.clauses')}</p>
      </div>
      <button type="button" className="k-button k-primary k-huge" disabled={!seenEnd} onClick={onRead}>
        {seenEnd ? t('kiosk.sign.readDone') : t('kiosk.sign.readMore')}
      </button>
    </div>
  );
}
