import type { CaucusGroups } from '@shuoshi/protocol';

/**
 * Who sits in which caucus group (背对背调解). Peers not in a group are in the
 * plenary. Two peers may exchange media only when `together`: the room creates no
 * consumer across groups. Kept by peer id, so a reload or a reconnect keeps its group.
 */
export class CaucusPlan {
  private readonly groupOf = new Map<string, string>();

  group(peerId: string): string | null {
    return this.groupOf.get(peerId) ?? null;
  }

  together(a: string, b: string): boolean {
    return this.group(a) === this.group(b);
  }

  get active(): boolean {
    return this.groupOf.size > 0;
  }

  /** Moves one peer; `null` is the plenary. Returns whether anything changed. */
  move(peerId: string, groupId: string | null): boolean {
    if (this.group(peerId) === groupId) return false;
    if (groupId === null) this.groupOf.delete(peerId);
    else this.groupOf.set(peerId, groupId);
    return true;
  }

  /** Replaces the whole plan. A peer listed twice ends in the last group naming them. */
  replace(groups: CaucusGroups): void {
    this.groupOf.clear();
    for (const g of groups) for (const peerId of g.peerIds) this.groupOf.set(peerId, g.groupId);
  }

  groups(): CaucusGroups {
    const byGroup = new Map<string, string[]>();
    for (const [peerId, groupId] of this.groupOf) {
      const list = byGroup.get(groupId) ?? [];
      list.push(peerId);
      byGroup.set(groupId, list);
    }
    return [...byGroup].map(([groupId, peerIds]) => ({ groupId, peerIds }));
  }
}
