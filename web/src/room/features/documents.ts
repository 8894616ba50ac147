import type { DocShown } from '@shuoshi/protocol';
import type { RoomLink } from '../core';
import type { Caucus } from './caucus';
import { RoomFeature } from './feature';

/** The case-file document shown to this seat's group now, and showing or taking one down. */
export class SharedDocument extends RoomFeature {
  shown: DocShown | null = null;

  constructor(
    private readonly link: RoomLink,
    caucus: Caucus,
  ) {
    super();
    link.on('view', (view) => this.set(view.shownDocument));
    link.signal.on('docShown', (doc) => this.set(doc));
    link.signal.on('docHidden', ({ documentId }) => {
      if (this.shown?.documentId === documentId) this.set(null);
    });
    // moved out of the group a document was shown in: it is no longer ours to see (a `docShown` of the new group follows)
    caucus.on('regrouped', (_before, mine) => {
      if (this.shown && this.shown.groupId !== mine) this.set(null);
    });
  }

  /** Host or talk-room operator: show a case-file document to this seat's group. */
  async show(documentId: string): Promise<void> {
    await this.link.signal.request('doc:show', { documentId });
  }

  async hide(): Promise<void> {
    await this.link.signal.request('doc:hide', {});
  }

  private set(doc: DocShown | null): void {
    this.shown = doc;
    this.changed();
  }
}
