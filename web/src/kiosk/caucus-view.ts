import type { CaucusGroups } from '@shuoshi/protocol';
import type { RemotePeer } from '../room';

/**
 * What a kiosk shows during a caucus (背对背, issue #13 bug 4): only the people it can
 * hear (media never crosses groups, so anyone else would be a black tile), and why the
 * mediator is not among them.
 * - `none`: no caucus; `away`: the mediator is talking with the other side alone;
 * - `withYou`: the mediator is in this device's group, away from the other side.
 */
export type CaucusNote = 'none' | 'away' | 'withYou';

export function kioskCaucusView(peers: RemotePeer[], groups: CaucusGroups, me: string | undefined): { here: RemotePeer[]; note: CaucusNote } {
  if (groups.length === 0 || !me) return { here: peers, note: 'none' };
  const groupOf = (peerId: string) => groups.find((g) => g.peerIds.includes(peerId))?.groupId ?? null;
  const mine = groupOf(me);
  const here = peers.filter((p) => groupOf(p.peerId) === mine);
  const mediatorHere = here.some((p) => p.role === 'mediator');
  const mediatorElsewhere = peers.some((p) => p.role === 'mediator' && groupOf(p.peerId) !== mine);
  const note: CaucusNote = mediatorHere ? (mine !== null ? 'withYou' : 'none') : mediatorElsewhere ? 'away' : 'none';
  return { here, note };
}
