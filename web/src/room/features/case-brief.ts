import type { CaseBrief } from '@shuoshi/protocol';
import type { RoomLink } from '../core';
import { RoomFeature } from './feature';

/**
 * What the session is about (`room:brief`): the case's number and category, each
 * party's name, side and where they join from, and when the session started. Asked
 * again at every admission (a join, a resume, admitted from the lobby).
 * `clockOffsetMs`: the server's clock minus this page's, so a timer counts from the
 * server's `startedAt` whatever this device's clock says.
 */
export class SessionBrief extends RoomFeature {
  brief: CaseBrief | null = null;
  clockOffsetMs = 0;

  constructor(private readonly link: RoomLink) {
    super();
    link.on('admission', (a) => {
      if (a === 'admitted') void this.load();
    });
  }

  private async load(): Promise<void> {
    const asked = Date.now();
    try {
      const { brief } = await this.link.signal.request('room:brief', {});
      const answered = Date.now();
      this.brief = brief;
      this.clockOffsetMs = brief ? Date.parse(brief.serverTime) - (asked + answered) / 2 : 0;
      this.changed();
    } catch {
      // a brief is a courtesy: without it the room works as before (the next admission asks again)
    }
  }
}
