import { useState } from 'react';
import { useI18n } from '../i18n';
import type { PlayAddress, Recording } from '../api/types';
import type { ApiError } from '../api/client';
import { useAuth } from '../app/auth';
import { ErrorNote, useFormat } from '../app/ui';
import { asApiError, useApi } from '../app/useApi';

/**
 * 录音录像 in the case file: each participant's track (in segments when it was stopped
 * and went on, e.g. on another server after one failed: the gap in words), the composed
 * rendition and clips, each with its SHA-256 and playable here. 播放 asks the server for the recording's address (authorised as
 * a read of the case; every play is audited) and plays it in a <video> or <audio>.
 */
export function CaseRecordings({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { ep } = useAuth();
  const fmt = useFormat();
  const recordings = useApi(() => ep.recordings(caseId), [ep, caseId]);
  const [playing, setPlaying] = useState<Record<string, PlayAddress>>({});
  const [error, setError] = useState<ApiError | null>(null);

  const play = async (r: Recording) => {
    setError(null);
    try {
      const address = await ep.playRecording(r.id);
      setPlaying((p) => ({ ...p, [r.id]: address }));
    } catch (err) {
      setError(asApiError(err));
    }
  };

  const items = recordings.data?.items ?? [];
  // the composed rendition first: one file of the whole session
  const ordered = [...items.filter((r) => r.kind === 'RENDITION'), ...items.filter((r) => r.kind !== 'RENDITION')];
  return (
    <>
      <ErrorNote error={recordings.error ?? error} />
      {recordings.data && items.length === 0 && <p>{t('case.noRecordings')}</p>}
      <ul className="plain recording-list">
        {ordered.map((r) => (
          <li key={r.id} data-testid="recording" data-kind={r.kind}>
            <p className="recording-what">
              <strong>{t(`recording.${r.kind}`)}</strong> · {r.kind === 'RENDITION' ? t('recording.wholeSession') : r.participantLabel} · {fmt.dateTime(r.startedAt)}
              {r.durationMs !== null ? ` · ${t('recording.seconds', { s: Math.round(r.durationMs / 1000) })}` : ''}
              {r.interrupted ? ` · ${t('recording.interrupted')}` : ''}
            </p>
            {r.segment !== null && r.segment > 1 && (
              <p className="note" data-testid="recording-segment">
                {r.gapBeforeMs !== null ? t('recording.segmentAfterGap', { n: r.segment, s: Math.round(r.gapBeforeMs / 1000) }) : t('recording.segment', { n: r.segment })}
              </p>
            )}
            {r.sha256 && (
              <p className="note recording-hash" data-testid="recording-hash">
                {t('recording.hash')} <code>{r.sha256}</code>
              </p>
            )}
            {!r.sha256 && <p className="note">{t('recording.notReady')}</p>}
            {r.sha256 && !playing[r.id] && (
              <button type="button" className="link-button" onClick={() => void play(r)}>
                {t('recording.play', { what: t(`recording.${r.kind}`) })}
              </button>
            )}
            {playing[r.id] &&
              (r.kind === 'AUDIO' ? (
                <audio controls autoPlay src={playing[r.id]!.url} aria-label={t('recording.player', { what: r.participantLabel })} />
              ) : (
                <video controls autoPlay playsInline src={playing[r.id]!.url} aria-label={t('recording.player', { what: r.kind === 'RENDITION' ? t('recording.wholeSession') : r.participantLabel })} />
              ))}
          </li>
        ))}
      </ul>
    </>
  );
}
