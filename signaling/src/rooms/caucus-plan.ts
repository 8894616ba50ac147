import crypto from 'node:crypto';
import type { CaucusGroups, CaucusPlanInput } from '@shuoshi/protocol';
import { RoomErrors } from './errors';

/** Where the host sends someone: a group that exists now (its id), a new group (its label), or the plenary (null). */
export type CaucusTarget = string | { label: string } | null;

/**
 * Who sits in which caucus group (背对背调解). Peers not in a group are in the
 * plenary. Two peers may exchange media only when `together`: the room creates no
 * consumer across groups. Kept by peer id, so a reload or a reconnect keeps its group.
 *
 * A group is an instance with an id the server makes (`g-<uuid>`) and the label the host
 * typed. It lives while someone is in it; once empty its id is gone for good, so a group
 * made again under the same label is a new instance: what was said or shown in the old
 * one (keyed by its id) never reaches the new one.
 */
export class CaucusPlan {
  private readonly groupOf = new Map<string, string>();
  private readonly labels = new Map<string, string>();

  group(peerId: string): string | null {
    return this.groupOf.get(peerId) ?? null;
  }

  together(a: string, b: string): boolean {
    return this.group(a) === this.group(b);
  }

  get active(): boolean {
    return this.groupOf.size > 0;
  }

  /** The peer ids in a group now. */
  members(groupId: string): string[] {
    return [...this.groupOf].filter(([, g]) => g === groupId).map(([peerId]) => peerId);
  }

  /**
   * Moves one peer. A group id must name a group that exists now (NOT_FOUND); a label
   * makes a new group. Returns whether anything changed.
   */
  move(peerId: string, to: CaucusTarget): boolean {
    const groupId = to === null ? null : typeof to === 'string' ? this.existing(to) : this.create(to.label);
    if (this.group(peerId) === groupId) return false;
    if (groupId === null) this.groupOf.delete(peerId);
    else this.groupOf.set(peerId, groupId);
    this.forgetEmpty();
    return true;
  }

  /**
   * Replaces the whole plan: a group with a `groupId` continues that group (it must exist
   * now: NOT_FOUND), one without gets a new id. A peer listed twice ends in the last group
   * naming them. Checked before anything changes.
   */
  replace(groups: CaucusPlanInput): void {
    for (const g of groups) if (g.groupId !== undefined) this.existing(g.groupId);
    const next = new Map<string, string>();
    const labels = new Map<string, string>();
    for (const g of groups) {
      const id = g.groupId ?? newGroupId();
      labels.set(id, label(g.label));
      for (const peerId of g.peerIds) next.set(peerId, id);
    }
    this.groupOf.clear();
    for (const [peerId, id] of next) this.groupOf.set(peerId, id);
    for (const [id, l] of labels) this.labels.set(id, l);
    this.forgetEmpty();
  }

  groups(): CaucusGroups {
    const byGroup = new Map<string, string[]>();
    for (const [peerId, groupId] of this.groupOf) {
      const list = byGroup.get(groupId) ?? [];
      list.push(peerId);
      byGroup.set(groupId, list);
    }
    return [...byGroup].map(([groupId, peerIds]) => ({ groupId, label: this.labels.get(groupId)!, peerIds }));
  }

  /** The plan as it can be rebuilt elsewhere (room-image.ts): same group ids, same labels. */
  image(): CaucusGroups {
    return this.groups();
  }

  /** Rebuilds a plan from `image()` (a room that moved nodes); only into an empty plan. */
  restore(groups: CaucusGroups): void {
    if (this.active) return;
    for (const g of groups) {
      this.labels.set(g.groupId, g.label);
      for (const peerId of g.peerIds) this.groupOf.set(peerId, g.groupId);
    }
  }

  private existing(groupId: string): string {
    if (!this.labels.has(groupId)) throw RoomErrors.notFound('caucus group');
    return groupId;
  }

  private create(l: string): string {
    const id = newGroupId();
    this.labels.set(id, label(l));
    return id;
  }

  /** A group nobody is in is over: its id is never valid again. */
  private forgetEmpty(): void {
    const used = new Set(this.groupOf.values());
    for (const id of this.labels.keys()) if (!used.has(id)) this.labels.delete(id);
  }
}

const newGroupId = () => `g-${crypto.randomUUID()}`;

function label(l: string): string {
  const trimmed = l.trim();
  if (!trimmed) throw RoomErrors.badRequest('a caucus group needs a name');
  return trimmed;
}
