import { io as connect, type Socket } from 'socket.io-client';

/**
 * A raw socket.io client on the live-room (default) namespace, as an attacker or a
 * plain client would use it: every event is kept, so a test can wait for one that
 * already came; `request` resolves with the ack as sent.
 */
export class RoomSocket {
  readonly socket: Socket;
  readonly events: Array<{ event: string; payload: any }> = [];
  private waiters: Array<() => void> = [];
  constructor(url: string) {
    this.socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
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
  request(name: string, payload: unknown = {}): Promise<any> {
    return this.socket.timeout(20_000).emitWithAck(name, payload);
  }
  /** Resolves when the server disconnects this socket (hang guard: timeoutMs). */
  disconnected(timeoutMs = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.socket.disconnected) return resolve('already');
      const t = setTimeout(() => reject(new Error('not disconnected')), timeoutMs);
      this.socket.once('disconnect', (reason) => {
        clearTimeout(t);
        resolve(reason);
      });
    });
  }
  close(): void {
    this.socket.disconnect();
  }
}

/** Connects and joins with a join token; resolves with the socket and the join ack. */
export async function joinRoom(url: string, token: string): Promise<{ socket: RoomSocket; ack: any }> {
  const socket = new RoomSocket(url);
  await socket.connected();
  return { socket, ack: await socket.request('join', { token }) };
}
