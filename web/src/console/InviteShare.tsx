import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { useI18n } from '../i18n';

interface Props {
  partyName: string;
  code: string;
  link: string;
  /** When the session is, in words (or "not scheduled"). */
  when: string;
  expires: string;
}

/**
 * One party's invitation, ready to hand over (issue #13 bug 3): the link (the short
 * /j/ABC-234 one when the session has it, to read out over the phone) with a copy button, a QR code of it to show on screen (`qrcode`, a maintained encoder that draws
 * to a data URL, which the CSP's img-src allows), and an SMS-ready text with the link,
 * the code, the time and until when the code works.
 */
/** The party's link: the short one (/j/KMT-472) when the session has it, else /join?s=<id>. */
export function partyLink(session: { id: string; linkCode: string | null }): string {
  return session.linkCode ? `${window.location.origin}/j/${session.linkCode}` : `${window.location.origin}/join?s=${session.id}`;
}

export function InviteShare({ partyName, code, link, when, expires }: Props) {
  const { t } = useI18n();
  const [qr, setQr] = useState<string | null>(null);
  // read out without the scheme; the link may wrap after a slash, never inside its code (KMT-472)
  const shown = link.replace(/^https?:\/\//, '');
  const cut = shown.lastIndexOf('/') + 1;
  const [copied, setCopied] = useState<'link' | 'sms' | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(link, { margin: 1, width: 240, errorCorrectionLevel: 'M' }).then(
      (url) => live && setQr(url),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [link]);
  const sms = t('schedule.sms', { name: partyName, when, link, code: code.split('').join(' '), expires });
  const copy = (what: 'link' | 'sms', text: string) =>
    void navigator.clipboard.writeText(text).then(
      () => setCopied(what),
      () => setCopied(null),
    );

  return (
    <div className="invite-share" data-testid="invite-share">
      {qr && <img src={qr} width={240} height={240} alt={t('schedule.qrFor', { name: partyName })} data-testid="invite-qr" />}
      <div className="invite-share-text">
        <p className="invite-link">
          {t('schedule.readOut')}{' '}
          <strong data-testid="invite-link" data-href={link}>
            {shown.slice(0, cut)}
            <span className="invite-link-code" data-testid="invite-link-code">
              {shown.slice(cut)}
            </span>
          </strong>
        </p>
        <button type="button" className="link-button" onClick={() => copy('link', link)}>
          {copied === 'link' ? t('schedule.copied') : t('schedule.copyLink')}
        </button>
        <label>
          {t('schedule.smsLabel')}
          <textarea readOnly rows={4} value={sms} data-testid="invite-sms" />
        </label>
        <button type="button" className="link-button" onClick={() => copy('sms', sms)}>
          {copied === 'sms' ? t('schedule.copied') : t('schedule.copySms')}
        </button>
      </div>
    </div>
  );
}
