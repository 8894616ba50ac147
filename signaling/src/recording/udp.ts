import dgram from 'node:dgram';
import fs from 'node:fs/promises';

const HOST = '127.0.0.1';

function bind(port: number): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(undefined);
    });
    s.bind(port, HOST, () => resolve(s));
  });
}

/**
 * A free even UDP port P on 127.0.0.1 with P + 1 free too (ffmpeg's SDP input binds
 * both, RTCP on P + 1), released for the tool to take.
 */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const a = await bind(0);
    if (!a) continue;
    const port = a.address().port;
    const b = port % 2 === 0 && port < 65535 ? await bind(port + 1) : undefined;
    a.close();
    b?.close();
    if (b) return port;
  }
  throw new Error('no free UDP port pair on 127.0.0.1');
}

/** Whether something listens on 127.0.0.1:`port` (or any address), read from /proc/net/udp. */
export async function udpPortBound(port: number): Promise<boolean | undefined> {
  let table: string;
  try {
    table = await fs.readFile('/proc/net/udp', 'utf8');
  } catch {
    return undefined; // not Linux: cannot tell
  }
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return table.split('\n').some((line) => {
    const local = line.trim().split(/\s+/)[1];
    return local === `0100007F:${hex}` || local === `00000000:${hex}`;
  });
}

/** Resolves once the port is bound (or after `timeoutMs`; false then). */
export async function waitForUdpListener(port: number, timeoutMs: number, isAlive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive()) {
    const bound = await udpPortBound(port);
    if (bound === undefined) {
      await new Promise((r) => setTimeout(r, 300));
      return true;
    }
    if (bound) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/**
 * An RTCP receiver report + BYE (RFC 3550 §6.6): ffmpeg's RTP input treats a BYE on
 * every stream as the end of input, so it writes the file's trailer (cues and
 * duration) and exits, even when no media is flowing. (A lone BYE of 8 bytes is
 * shorter than ffmpeg's minimum packet, hence the empty RR in front.)
 */
export function sendRtcpBye(port: number, ssrc = 1): Promise<void> {
  const packet = Buffer.alloc(16);
  packet.writeUInt8(0x80, 0); // V=2, RC=0
  packet.writeUInt8(201, 1); // RR
  packet.writeUInt16BE(1, 2);
  packet.writeUInt32BE(ssrc >>> 0, 4);
  packet.writeUInt8(0x81, 8); // V=2, SC=1
  packet.writeUInt8(203, 9); // BYE
  packet.writeUInt16BE(1, 10);
  packet.writeUInt32BE(ssrc >>> 0, 12);
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.send(packet, port, HOST, () => {
      s.close();
      resolve();
    });
  });
}
