import type { DocShown, Role } from '@shuoshi/protocol';

export type SharedDoc = Omit<DocShown, 'url'>;
/** Who a download address is for. */
export interface DocRecipient {
  roomId: string;
  peerId: string;
  role: Role;
}
/** The download address of a document for one recipient (a short-lived access for them alone). */
export type DocUrl = (documentId: string, to: DocRecipient) => string;

/** Which case-file document is shown in which caucus group (null key: the plenary). */
export class SharedDocs {
  private readonly shown = new Map<string | null, SharedDoc>();

  constructor(
    private readonly roomId: string,
    private readonly url: DocUrl,
  ) {}

  show(doc: SharedDoc): void {
    this.shown.set(doc.groupId, doc);
  }

  /** Takes the group's document down; returns it (undefined: nothing was shown). */
  hide(groupId: string | null): SharedDoc | undefined {
    const doc = this.shown.get(groupId);
    this.shown.delete(groupId);
    return doc;
  }

  /** What a peer in `groupId` sees now, with its own address. */
  for(groupId: string | null, peer: { id: string; role: Role }): DocShown | null {
    const doc = this.shown.get(groupId);
    return doc ? this.addressed(doc, peer) : null;
  }

  addressed(doc: SharedDoc, peer: { id: string; role: Role }): DocShown {
    return { ...doc, url: this.url(doc.documentId, { roomId: this.roomId, peerId: peer.id, role: peer.role }) };
  }
}
