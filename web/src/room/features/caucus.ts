import type { CaucusGroups } from '@shuoshi/protocol';
import type { RoomLink } from '../core';
import { RoomFeature } from './feature';

/** The caucus groups (背对背): who is in which group; anyone not listed is in the plenary. */
export class Caucus extends RoomFeature<{
  /** The server regrouped the room (`caucusChanged`): this seat's group before and now (null: the plenary). */
  regrouped: [before: string | null, mine: string | null];
}> {
  groups: CaucusGroups = [];

  constructor(private readonly link: RoomLink) {
    super();
    link.on('view', (view) => this.set(view.caucus));
    link.signal.on('caucusChanged', ({ groups }) => {
      const me = link.self?.peerId ?? '';
      const before = this.groupOf(me);
      this.set(groups);
      this.emit('regrouped', before, this.groupOf(me));
    });
  }

  /** Host: replace the caucus plan (`[]` ends the caucus). */
  async setCaucus(groups: CaucusGroups): Promise<CaucusGroups> {
    const res = await this.link.signal.request('host:caucus:set', { groups });
    this.set(res.groups);
    return res.groups;
  }

  /** Host: move someone (themself too) into a group that exists (its id), a new group (`{ label }`), or back to the plenary (`null`). */
  async moveTo(peerId: string, to: string | null | { label: string }): Promise<CaucusGroups> {
    const res = await this.link.signal.request('host:move', to !== null && typeof to === 'object' ? { peerId, label: to.label } : { peerId, groupId: to });
    this.set(res.groups);
    return res.groups;
  }

  /** The caucus group a peer is in (null: the plenary). */
  groupOf(peerId: string): string | null {
    return this.groups.find((g) => g.peerIds.includes(peerId))?.groupId ?? null;
  }

  /** The name the host gave a group (its id is the server's). */
  groupLabel(groupId: string): string {
    return this.groups.find((g) => g.groupId === groupId)?.label ?? '';
  }

  private set(groups: CaucusGroups): void {
    this.groups = groups;
    this.changed();
  }
}
