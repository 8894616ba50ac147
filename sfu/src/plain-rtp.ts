import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { MediaConsumer } from './media-consumer';

/** Where a local tool (ffmpeg for recording) listens for RTP. */
export interface RtpTarget {
  ip: string;
  port: number;
  /** Separate RTCP port; without it RTP and RTCP share `port` (rtcp-mux). */
  rtcpPort?: number;
}

export interface PlainRtpOutputOptions {
  /**
   * Start paused: nothing is sent until `resume()`, which also asks for a keyframe.
   * For a tool that must be listening before the first packet (ffmpeg learns the
   * codec from the consumer's rtpParameters, so it starts after the consumer).
   */
  paused?: boolean;
}

/**
 * One producer forwarded as plain RTP to a local tool: recording is just another
 * consumer. The consumer starts flowing at once and asks the sender for a keyframe,
 * so the file starts with a decodable frame. Closes with its producer.
 */
export class PlainRtpOutput extends EventEmitter<{ close: [] }> {
  private closedFlag = false;

  private constructor(
    private readonly transport: types.PlainTransport,
    readonly consumer: MediaConsumer,
  ) {
    super();
    consumer.once('close', () => this.close());
    transport.observer.once('close', () => this.close());
  }

  static async open(
    router: types.Router,
    producerId: string,
    target: RtpTarget,
    listenIp: string,
    log: Logger,
    opts: PlainRtpOutputOptions = {},
  ): Promise<PlainRtpOutput> {
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: listenIp },
      rtcpMux: target.rtcpPort === undefined,
      comedia: false,
    });
    try {
      await transport.connect({ ip: target.ip, port: target.port, rtcpPort: target.rtcpPort });
      // Tools such as ffmpeg neither ask for retransmissions nor understand RTX.
      const rtpCapabilities: types.RtpCapabilities = {
        ...router.rtpCapabilities,
        codecs: (router.rtpCapabilities.codecs ?? []).filter((c) => !c.mimeType.toLowerCase().endsWith('/rtx')),
      };
      const raw = await transport.consume({ producerId, rtpCapabilities, paused: true });
      const output = new PlainRtpOutput(transport, new MediaConsumer(raw, undefined, log));
      if (!opts.paused) await output.resume();
      log.info({ producerId, kind: raw.kind, target, paused: opts.paused ?? false }, 'plain RTP output started');
      return output;
    } catch (err) {
      transport.close();
      throw err;
    }
  }

  /** The consumer's id. */
  get id(): string {
    return this.consumer.id;
  }
  get producerId(): string {
    return this.consumer.producerId;
  }
  get kind(): types.MediaKind {
    return this.consumer.kind;
  }
  /** Codec, payload type and SSRC of what is sent: what the tool's SDP must describe. */
  get rtpParameters(): types.RtpParameters {
    return this.consumer.rtpParameters;
  }
  /** The local port RTP is sent from (and where the tool's RTCP may go). */
  get localPort(): number {
    return this.transport.tuple.localPort;
  }
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Starts (or restarts) the flow and asks the sender for a keyframe, so what follows decodes. */
  async resume(): Promise<void> {
    if (this.closedFlag) return;
    await this.consumer.resume();
    await this.consumer.requestKeyFrame();
  }

  /** Asks the sender for a keyframe (video; a no-op for audio). */
  async requestKeyFrame(): Promise<void> {
    if (this.closedFlag) return;
    await this.consumer.requestKeyFrame();
  }

  getStats(): Promise<Array<types.ConsumerStat | types.ProducerStat>> {
    return this.consumer.getStats();
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.consumer.close();
    if (!this.transport.closed) this.transport.close();
    this.emit('close');
    this.removeAllListeners();
  }
}

/** RTP a local tool sends into the room (a test feed, a pre-recorded notice). */
export interface PlainRtpInputOptions {
  kind: types.MediaKind;
  /** e.g. 'video/VP8', 'audio/opus'. */
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels?: number;
  parameters?: Record<string, unknown>;
  ssrc: number;
  appData?: Record<string, unknown>;
}

/**
 * Opens a PlainTransport that learns the sender's address from its first packet
 * (comedia) with RTCP on its own port (ffmpeg sends RTCP from another port than RTP,
 * which would otherwise steal the comedia tuple).
 */
export async function openPlainRtpInput(
  router: types.Router,
  opts: PlainRtpInputOptions,
  listenIp: string,
): Promise<{ transport: types.PlainTransport; producer: types.Producer }> {
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: listenIp },
    rtcpMux: false,
    comedia: true,
  });
  try {
    const producer = await transport.produce({
      kind: opts.kind,
      rtpParameters: {
        codecs: [
          {
            mimeType: opts.mimeType,
            payloadType: opts.payloadType,
            clockRate: opts.clockRate,
            ...(opts.channels !== undefined ? { channels: opts.channels } : {}),
            parameters: opts.parameters ?? {},
            rtcpFeedback: [],
          },
        ],
        encodings: [{ ssrc: opts.ssrc }],
      },
      appData: opts.appData ?? {},
    });
    return { transport, producer };
  } catch (err) {
    transport.close();
    throw err;
  }
}
