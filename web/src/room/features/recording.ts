import type { ConsentAnswer, RecordingStateInfo } from '@shuoshi/protocol';
import type { RoomLink } from '../core';
import { RoomFeature } from './feature';

export type ConsentRequest = { requestedBy: string | null; recordCaucus: boolean };

/** Recording with consent: the room's recording state, this seat's consent request, and the host's and everyone's requests. */
export class RecordingConsent extends RoomFeature {
  /** The room's recording state (consent round, who is pending, agreed or declined). */
  info: RecordingStateInfo = { state: 'idle', pending: [], declined: [], agreed: [], recordCaucus: false };
  /** Set while this participant's answer is awaited (answer with `giveConsent`). */
  consentRequest: ConsentRequest | undefined;

  constructor(private readonly link: RoomLink) {
    super();
    link.signal.on('recordingState', (info) => this.set(info));
    link.signal.on('consentRequested', (req) => {
      this.consentRequest = req;
      this.changed();
    });
  }

  /** Host: ask everyone for consent; recording starts when all agreed. */
  async start(): Promise<RecordingStateInfo> {
    return this.set(await this.link.signal.request('recording:start', {}));
  }

  /** Host: stop recording. */
  async stop(): Promise<RecordingStateInfo> {
    return this.set(await this.link.signal.request('recording:stop', {}));
  }

  /** Host, between rounds: record caucus groups too (default: not). */
  async setRecordCaucus(recordCaucus: boolean): Promise<RecordingStateInfo> {
    return this.set(await this.link.signal.request('recording:policy', { recordCaucus }));
  }

  /** Answer the consent request; an operator may answer for a villager (`onBehalfOf`: their peer id). */
  async giveConsent(decision: ConsentAnswer, onBehalfOf?: string): Promise<RecordingStateInfo> {
    return this.set(await this.link.signal.request('consent:give', onBehalfOf ? { decision, onBehalfOf } : { decision }));
  }

  /** The villagers present this seat may answer for (a talk-room operator's own villagers; the server decides). */
  async proxies(): Promise<string[]> {
    return (await this.link.signal.request('consent:proxies', {})).peerIds;
  }

  /** Take back consent: the recording stops for everyone. */
  async withdrawConsent(): Promise<RecordingStateInfo> {
    return this.set(await this.link.signal.request('consent:withdraw', {}));
  }

  private set(info: RecordingStateInfo): RecordingStateInfo {
    this.info = info;
    const me = this.link.self?.peerId;
    if (this.consentRequest && me && !info.pending.includes(me)) this.consentRequest = undefined;
    this.changed();
    return info;
  }
}
