/** A UDP socket that counts the RTP packets it receives, per SSRC (RTCP is counted apart). */
import dgram from 'node:dgram';

export interface RtpStreamCount {
  packets: number;
  bytes: number;
  payloadTypes: Set<number>;
  /** The first RTP packet of the stream (e.g. to check that video starts with a keyframe). */
  first: Buffer | undefined;
}

/** Offset of the RTP payload (after CSRCs and the header extension). */
export function rtpPayloadOffset(rtp: Buffer): number {
  let off = 12 + 4 * (rtp[0]! & 0x0f);
  if (rtp[0]! & 0x10) off += 4 + 4 * rtp.readUInt16BE(off + 2);
  return off;
}

/** True when a VP8 RTP packet starts a key frame (RFC 7741 payload descriptor + VP8 header). */
export function isVp8KeyFrameStart(rtp: Buffer): boolean {
  let p = rtpPayloadOffset(rtp);
  const d0 = rtp[p++]!;
  if (d0 & 0x80) {
    const x = rtp[p++]!;
    if (x & 0x80) p += rtp[p]! & 0x80 ? 2 : 1; // PictureID
    if (x & 0x40) p++; // TL0PICIDX
    if (x & 0x30) p++; // TID / KEYIDX
  }
  const startOfPartition0 = (d0 & 0x10) !== 0 && (d0 & 0x07) === 0;
  return startOfPartition0 && (rtp[p]! & 0x01) === 0;
}

export class RtpSink {
  readonly streams = new Map<number, RtpStreamCount>();
  rtcpPackets = 0;
  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (msg) => this.count(msg));
  }

  /** Listens on a random UDP port of `ip`. */
  static async open(ip = '127.0.0.1'): Promise<RtpSink> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, ip, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new RtpSink(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  stream(ssrc: number): RtpStreamCount {
    return this.streams.get(ssrc) ?? { packets: 0, bytes: 0, payloadTypes: new Set(), first: undefined };
  }

  close(): void {
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }

  private count(msg: Buffer): void {
    if (msg.length < 12 || msg[0]! >> 6 !== 2) return;
    const second = msg[1]!;
    // RTCP (rtcp-mux): packet types 192–223 sit where RTP has marker + payload type.
    if (second >= 192 && second <= 223) {
      this.rtcpPackets++;
      return;
    }
    const ssrc = msg.readUInt32BE(8);
    const s = this.streams.get(ssrc) ?? { packets: 0, bytes: 0, payloadTypes: new Set<number>(), first: Buffer.from(msg) };
    s.packets++;
    s.bytes += msg.length;
    s.payloadTypes.add(second & 0x7f);
    this.streams.set(ssrc, s);
  }
}
