import type { PeerLinkState } from '@shuoshi/protocol';
import { useI18n } from '../../i18n';
import './link-mark.css';

const WORDS = { good: 'room.peer.linkGood', weak: 'room.peer.linkWeak', interrupted: 'room.peer.interrupted' } as const;

/**
 * How someone's media reaches the server, next to their name (issue #16): signal bars (three
 * green, one amber, none with a red cross) and the words 网络良好 / 网络较差 / 网络中断.
 * `kiosk`: the kiosk's larger style.
 */
export function LinkMark({ link, testId, kiosk = false }: { link: PeerLinkState; testId: string; kiosk?: boolean }) {
  const { t } = useI18n();
  return (
    <span className={`link-mark link-${link}${kiosk ? ' link-kiosk' : ''}`} data-testid={link === 'interrupted' && testId === 'tile-link' ? 'tile-interrupted' : testId} data-link={link}>
      <span className="link-bars" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      {t(WORDS[link])}
    </span>
  );
}
