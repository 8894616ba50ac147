import type { DocShown, Role } from '@shuoshi/protocol';
import { RoomErrors } from './errors';
import type { GroupScope } from './group-scope';
import type { Peer } from './peer';

export type SharedDoc = Omit<DocShown, 'url'>;
/** Who a download address is for. */
export interface DocRecipient {
  roomId: string;
  peerId: string;
  role: Role;
}
/** The download address of a document for one recipient (a short-lived access for them alone). */
export type DocUrl = (documentId: string, to: DocRecipient) => string;

/** Where the room notes who each document was shown to (REST access of parties follows it). */
export interface DocShowings {
  record(roomId: string, documentId: string, to: { peerId: string; role: Role }, groupId: string | null): Promise<void>;
}

/** What is shown where, as another node rebuilds it (room-image.ts). */
export interface ShowingImage {
  doc: SharedDoc;
  audience: string[] | null;
}

interface Showing {
  doc: SharedDoc;
  /** Who may see it: everyone in the plenary (null), or the peers in the group when it was shown. */
  audience: ReadonlySet<string> | null;
}

/**
 * Which case-file document is shown in which caucus group instance (null key: the
 * plenary). In a group, only those who were in it when it was shown see it: a newcomer
 * sees it once the host shows it again. Every address handed out is noted (`DocShowings`).
 */
export class SharedDocs {
  private readonly shown = new Map<string | null, Showing>();
  /** `${documentId} ${peerId}` already noted in this room (a re-sent `docShown` is not noted again). */
  private readonly noted = new Set<string>();

  constructor(
    private readonly roomId: string,
    private readonly groups: GroupScope,
    private readonly url: DocUrl,
    private readonly showings?: DocShowings | undefined,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Only the host or a talk-room operator shows and hides documents (FORBIDDEN otherwise). */
  checkPresenter(peer: Peer, verb: 'show' | 'hide'): void {
    if (!this.groups.isHost(peer) && peer.role !== 'operator') throw RoomErrors.forbidden(`only the host or a talk-room operator may ${verb} documents`);
  }

  /** Shows a case-file document to the presenter's own group and tells everyone there; returns the group. */
  present(by: Peer, doc: { documentId: string; name: string; mime: string }): string | null {
    this.checkPresenter(by, 'show');
    if (by.closed) throw RoomErrors.sessionExpired();
    const groupId = this.groups.groupOf(by.id);
    const shared = { ...doc, byPeerId: by.id, groupId };
    this.show(shared, this.groups.audienceOf(groupId));
    for (const p of this.groups.inGroup(groupId)) p.notify('docShown', this.addressed(shared, p));
    return groupId;
  }

  /** Takes down what is shown in the presenter's group and tells everyone there; returns it (undefined: nothing was shown). */
  takeDown(by: Peer): SharedDoc | undefined {
    this.checkPresenter(by, 'hide');
    const groupId = this.groups.groupOf(by.id);
    const doc = this.hide(groupId);
    if (doc) for (const p of this.groups.inGroup(groupId)) p.notify('docHidden', { documentId: doc.documentId, groupId });
    return doc;
  }

  /** Shows a document to `audience` (the peer ids in the group now; null in the plenary). */
  show(doc: SharedDoc, audience: Iterable<string> | null): void {
    this.shown.set(doc.groupId, { doc, audience: audience === null ? null : new Set(audience) });
  }

  /** Takes the group's document down; returns it (undefined: nothing was shown). */
  hide(groupId: string | null): SharedDoc | undefined {
    const s = this.shown.get(groupId);
    this.shown.delete(groupId);
    return s?.doc;
  }

  /** What is shown in each group now, with who may see it. */
  image(): ShowingImage[] {
    return [...this.shown.values()].map((s) => ({ doc: s.doc, audience: s.audience === null ? null : [...s.audience] }));
  }

  /** Shows again what a rebuilt room's image says was shown (to the same people only). */
  restore(list: readonly ShowingImage[]): void {
    for (const s of list) this.show(s.doc, s.audience);
  }

  /** Forgets what was shown in groups that no longer exist (their ids never come back). */
  keepOnly(liveGroups: ReadonlySet<string>): void {
    for (const key of this.shown.keys()) if (key !== null && !liveGroups.has(key)) this.shown.delete(key);
  }

  /**
   * After a caucus change: what was shown in a group that is over is gone with it; in a
   * group that goes on, only those it was shown to see it again (clients drop the one of
   * a group they left).
   */
  reshowAfterCaucus(liveGroups: ReadonlySet<string>, seats: Iterable<Peer>): void {
    this.keepOnly(liveGroups);
    for (const peer of seats) {
      const doc = this.for(this.groups.groupOf(peer.id), peer);
      if (doc) peer.notify('docShown', doc);
    }
  }

  /** What a peer in `groupId` sees now, with its own address. */
  for(groupId: string | null, peer: { id: string; role: Role }): DocShown | null {
    const s = this.shown.get(groupId);
    if (!s || (s.audience !== null && !s.audience.has(peer.id))) return null;
    return this.addressed(s.doc, peer);
  }

  addressed(doc: SharedDoc, peer: { id: string; role: Role }): DocShown {
    const key = `${doc.documentId} ${peer.id}`;
    if (this.showings && !this.noted.has(key)) {
      this.noted.add(key);
      this.showings.record(this.roomId, doc.documentId, { peerId: peer.id, role: peer.role }, doc.groupId).catch((err: unknown) => {
        this.noted.delete(key); // tried again at the next address handed out
        this.onError(err);
      });
    }
    return { ...doc, url: this.url(doc.documentId, { roomId: this.roomId, peerId: peer.id, role: peer.role }) };
  }
}
