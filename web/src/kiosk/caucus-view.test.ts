import { describe, expect, it } from 'vitest';
import type { RemotePeer } from '../room';
import { kioskCaucusView } from './caucus-view';

const peer = (peerId: string, role: RemotePeer['role']): RemotePeer => ({ peerId, displayName: peerId, role, connection: 'connected', link: 'good', camera: undefined, microphone: undefined });
const mediator = peer('staff-m', 'mediator');
const lawyer = peer('staff-l', 'lawyer');
const other = peer('device-b', 'operator');
const all = [mediator, lawyer, other];

describe('kioskCaucusView', () => {
  it('no caucus: everyone, no note', () => {
    expect(kioskCaucusView(all, [], 'device-a')).toEqual({ here: all, note: 'none' });
  });
  it('this kiosk alone in a group, the mediator with the other side: nobody shown, the mediator is away', () => {
    const groups = [{ groupId: 'g1', label: '甲方组', peerIds: ['device-a'] }, { groupId: 'g2', label: '乙方组', peerIds: ['device-b', 'staff-m'] }];
    expect(kioskCaucusView(all, groups, 'device-a')).toEqual({ here: [], note: 'away' });
  });
  it('this kiosk left in the plenary while the mediator takes the other side aside: the plenary only', () => {
    const groups = [{ groupId: 'g2', label: '乙方组', peerIds: ['device-b', 'staff-m'] }];
    expect(kioskCaucusView(all, groups, 'device-a')).toEqual({ here: [lawyer], note: 'away' });
  });
  it('the mediator in this kiosk\'s group: shown, and the kiosk is told the other side cannot hear', () => {
    const groups = [{ groupId: 'g1', label: '甲方组', peerIds: ['device-a', 'staff-m'] }, { groupId: 'g2', label: '乙方组', peerIds: ['device-b'] }];
    expect(kioskCaucusView(all, groups, 'device-a')).toEqual({ here: [mediator], note: 'withYou' });
  });
  it('the other side in a group without the mediator, this kiosk in the plenary with the mediator: no note', () => {
    const groups = [{ groupId: 'g2', label: '乙方组', peerIds: ['device-b'] }];
    expect(kioskCaucusView(all, groups, 'device-a')).toEqual({ here: [mediator, lawyer], note: 'none' });
  });
});
