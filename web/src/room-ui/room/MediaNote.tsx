import { useI18n, type MessageKey } from '../../i18n';
import type { LocalMedia } from '../../room';

/**
 * What is wrong with this device's camera or microphone and how to fix it (issue #13
 * bug 10): not allowed (how to allow it in the browser), not found, or would not open.
 * The page goes on with what there is: without a camera the party joins with sound only.
 */
export function MediaNote({ local }: { local: LocalMedia }) {
  const { t } = useI18n();
  const p = local.problems;
  if (!p?.camera && !p?.microphone) return null;
  const lines: MessageKey[] = [];
  if (p.camera) lines.push(`roomui.media.camera.${p.camera}` as MessageKey);
  if (p.microphone) lines.push(`roomui.media.microphone.${p.microphone}` as MessageKey);
  return (
    <div className="media-note" role="status" data-testid="media-note">
      {lines.map((k) => (
        <p key={k}>{t(k)}</p>
      ))}
    </div>
  );
}
