import { io as connect, type Socket } from 'socket.io-client';
import { QUEUE_NAMESPACE } from '@shuoshi/protocol';


/** A /queue socket; every event it gets is kept so a test can wait for one that already came. */
export class QueueClient {
  readonly socket: Socket;
  readonly events: Array<{ event: string; payload: any }> = [];
  private waiters: Array<() => void> = [];
  /** `headers`: sent with the WebSocket upgrade (e.g. a proxy's X-Forwarded-For). */
  constructor(url: string, auth: string, headers?: Record<string, string>) {
    this.socket = connect(`${url}${QUEUE_NAMESPACE}`, { auth: { token: auth }, transports: ['websocket'], forceNew: true, reconnection: false, ...(headers ? { extraHeaders: headers } : {}) });
    this.socket.onAny((event: string, payload: unknown) => {
      this.events.push({ event, payload });
      for (const w of this.waiters.splice(0)) w();
    });
  }
  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (err) => reject(err));
    });
  }
  /** The first event `name` (from index `from`) whose payload passes `test`. */
  async next(name: string, test: (p: any) => boolean = () => true, timeoutMs = 20_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.find((e) => e.event === name && test(e.payload));
      if (hit) return hit.payload;
      if (Date.now() > deadline) throw new Error(`no ${name} within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.event))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 250);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
  close(): void {
    this.socket.disconnect();
  }
  request(name: string, payload: unknown): Promise<any> {
    return this.socket.timeout(20_000).emitWithAck(name, payload);
  }
}

