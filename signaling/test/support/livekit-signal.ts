import WebSocket from 'ws';
import { SignalRequest, SignalResponse } from '@livekit/protocol';

/** The test deployment's LiveKit key pair (LIVEKIT_API_KEY / LIVEKIT_API_SECRET). */
export const LIVEKIT = { apiKey: 'APIshuoshiTest', apiSecret: 'livekit-test-secret-livekit-test-secret-0123' };

/** A LiveKit signal connection as a LiveKit SDK opens it, reading SignalResponses in order. */
export class Signal {
  readonly messages: SignalResponse[] = [];
  /** Every message as it arrived: text or binary. */
  readonly frames: Array<{ isBinary: boolean }> = [];
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | undefined;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      this.frames.push({ isBinary });
      this.messages.push(SignalResponse.fromBinary(new Uint8Array(data as Buffer)));
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const w of this.waiters.splice(0)) w();
    });
  }
  /** `headers`: what a forged or relayed connection would carry. */
  static open(url: string, query: Record<string, string>, headers: Record<string, string> = {}): Promise<Signal> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/rtc?${new URLSearchParams(query)}`, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Signal(ws)));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
    });
  }
  send(message: SignalRequest['message']): void {
    this.ws.send(new SignalRequest({ message }).toBinary());
  }
  /** The first message of this kind (and matching `where`) not yet taken, waited for. */
  async next<C extends NonNullable<SignalResponse['message']['case']>>(
    kind: C,
    timeoutMs = 10_000,
    where: (v: Extract<SignalResponse['message'], { case: C }>['value']) => boolean = () => true,
  ): Promise<Extract<SignalResponse['message'], { case: C }>['value']> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex((m) => m.message.case === kind && where(m.message.value as never));
      if (i >= 0) return this.messages.splice(i, 1)[0]!.message.value as never;
      if (this.closed) throw new Error(`closed (${this.closed.code} ${this.closed.reason}) before ${kind}; got ${this.messages.map((m) => m.message.case)}`);
      if (Date.now() > deadline) throw new Error(`no ${kind}; got ${this.messages.map((m) => m.message.case)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }
  close() {
    this.ws.close();
  }
}
