import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import type { CaseDetail, SignedOutcome } from '../api/types';
import { api, errorCode, type SessionItem, type StaffSignIn } from './api';
import { AgreementReading } from './AgreementReading';
import { SignaturePad } from './SignaturePad';
import { WorkerFields } from './WorkerFields';
import { kioskErrorText } from './error-text';

/** What the signing flow reads of the case file. */
type CaseFile = Pick<CaseDetail, 'parties' | 'outcomes'>;

/**
 * A party signs the written agreement on the kiosk, witnessed by the grid worker:
 * POST /api/outcomes/:id/signatures is for staff only (the witness is recorded), so
 * the worker signs in here first; their access token lives only in this component.
 */
export function SignatureFlow({ session, onClose }: { session: SessionItem; onClose(): void }) {
  const { t } = useI18n();
  const [staffToken, setStaffToken] = useState<string | null>(null);
  const [file, setFile] = useState<CaseFile | null>(null);
  const [signer, setSigner] = useState<CaseFile['parties'][number] | null>(null);
  /** The signer's agreement was shown to the end: only then the pad. */
  const [read, setRead] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const load = async (token: string) => setFile(await api<CaseFile>(`/cases/${session.caseId}`, { token }));
  const run = async (job: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await job();
    } catch (err) {
      setError(kioskErrorText(t, errorCode(err)));
    } finally {
      setBusy(false);
    }
  };

  const signIn = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const me = await api<StaffSignIn>('/auth/login', { method: 'POST', body: { username: username.trim(), password } });
      setPassword('');
      setStaffToken(me.accessToken);
      await load(me.accessToken);
    });
  };

  const agreement = file?.outcomes.filter((o) => o.type === 'WRITTEN_AGREEMENT' && !o.signedAt).sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))[0];
  const signed = new Set(agreement?.signatures.map((s) => s.partyId));
  const signers = file?.parties.filter((p) => p.side === 'A' || p.side === 'B') ?? [];

  const confirm = (png: string) =>
    void run(async () => {
      if (!agreement || !signer || !staffToken) return;
      const r = await api<SignedOutcome>(`/outcomes/${agreement.id}/signatures`, { method: 'POST', token: staffToken, body: { partyId: signer.id, image: png } });
      setDone(r.signed ? t('kiosk.sign.allDone') : t('kiosk.sign.done', { name: signer.name }));
      setSigner(null);
      await load(staffToken);
    });

  return (
    <section className="k-sign" aria-labelledby="sign-h" data-testid="kiosk-sign">
      <h3 id="sign-h">{t('kiosk.sign.title')}</h3>
      {!session.caseId ? (
        <p>{t('kiosk.sign.noCase')}</p>
      ) : !staffToken ? (
        <form className="k-form" onSubmit={signIn}>
          <p>{t('kiosk.sign.signIn')}</p>
          <WorkerFields username={username} password={password} onUsername={setUsername} onPassword={setPassword} />
          <button type="submit" className="k-button k-primary" disabled={busy}>
            {t('kiosk.sign.signInSubmit')}
          </button>
        </form>
      ) : signer && agreement && !read ? (
        <AgreementReading agreement={agreement} parties={signers} signer={signer} onRead={() => setRead(true)} />
      ) : signer ? (
        <SignaturePad label={t('kiosk.sign.padLabel', { name: signer.name })} busy={busy} onConfirm={confirm} />
      ) : file && !agreement ? (
        <p>{t('kiosk.sign.noAgreement')}</p>
      ) : file ? (
        <>
          <p>{t('kiosk.sign.pickParty')}</p>
          <ul className="k-signers">
            {signers.map((p) => (
              <li key={p.id}>
                <button type="button" className="k-button k-secondary k-huge" disabled={signed.has(p.id)} data-party-id={p.id} onClick={() => { setDone(null); setRead(false); setSigner(p); }}>
                  {t(p.side === 'A' ? 'kiosk.sign.side.A' : 'kiosk.sign.side.B')} {p.name}
                  {signed.has(p.id) && ` · ${t('kiosk.sign.signed')}`}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        busy && <p role="status">{t('kiosk.loading')}</p>
      )}
      {done && <p role="status" className="k-done" data-testid="kiosk-sign-done">{done}</p>}
      {error && <p role="alert" className="k-alert">{error}</p>}
      <button type="button" className="k-button k-quiet" onClick={onClose}>
        {t('kiosk.back')}
      </button>
    </section>
  );
}
