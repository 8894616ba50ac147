import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { ErrorCode, QUEUE_NAMESPACE, queueRequests, requestMaxSize, requests, type RequestSpec } from '@shuoshi/protocol';

/**
 * socket.io's parser with a size cap per request, applied before JSON.parse: an
 * event packet longer than its request allows (protocol map `maxSize`, else
 * DEFAULT_REQUEST_MAX_SIZE) is never parsed. The socket still gets the event, with a
 * RejectedMessage as its payload and the ack id kept, so the dispatcher answers it
 * (PAYLOAD_TOO_LARGE) and charges the socket's budget. Binary attachments are not
 * part of the protocol: the packet is refused (BAD_REQUEST) and its buffers dropped.
 * Everything else is socket.io-parser's own work; the wire format is unchanged, so
 * clients keep the default parser.
 */
export class RejectedMessage {
  constructor(
    readonly code: typeof ErrorCode.PayloadTooLarge | typeof ErrorCode.BadRequest,
    readonly message: string,
  ) {}
}

const maps: Record<string, Record<string, RequestSpec>> = { '/': requests, [QUEUE_NAMESPACE]: queueRequests };

/** The cap of request `event` on namespace `nsp` (unknown requests get the default). */
export function messageLimit(nsp: string, event: string | undefined): number {
  const map = Object.hasOwn(maps, nsp) ? maps[nsp] : undefined;
  return requestMaxSize(map && event !== undefined && Object.hasOwn(map, event) ? map[event] : undefined);
}

interface Head {
  type: PacketType;
  attachments: number;
  nsp: string;
  id: number | undefined;
  event: string | undefined;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The header of an event packet (`2/nsp,12["name",…`), read from its first few characters only. */
export function peekEvent(str: string): Head | undefined {
  const type = str.charCodeAt(0) - 48;
  if (type !== PacketType.EVENT && type !== PacketType.BINARY_EVENT) return undefined;
  let i = 1;
  let attachments = 0;
  if (type === PacketType.BINARY_EVENT) {
    const dash = str.slice(0, 8).indexOf('-');
    if (dash < 2) return undefined;
    attachments = Number(str.slice(1, dash));
    i = dash + 1;
  }
  let nsp = '/';
  if (str[i] === '/') {
    const comma = str.slice(i, i + 65).indexOf(',');
    if (comma < 0) return undefined;
    nsp = str.slice(i, i + comma);
    i += comma + 1;
  }
  const idStart = i;
  while (i < str.length && i - idStart < 16 && isDigit(str.charCodeAt(i))) i++;
  const id = i > idStart ? Number(str.slice(idStart, i)) : undefined;
  let event: string | undefined;
  if (str.startsWith('["', i)) {
    const end = str.slice(i + 2, i + 67).indexOf('"');
    const name = end >= 0 ? str.slice(i + 2, i + 2 + end) : undefined;
    if (name !== undefined && !name.includes('\\')) event = name;
  }
  return { type, attachments, nsp, id, event };
}

/** socket.io-parser's Decoder with the caps above. */
export class BoundedDecoder extends Decoder {
  /** Binary attachments still to drop (of a refused binary packet). */
  private skip = 0;

  override add(obj: unknown): void {
    if (typeof obj !== 'string') {
      if (this.skip > 0) {
        this.skip--;
        return;
      }
      return super.add(obj);
    }
    const head = peekEvent(obj);
    if (head?.type === PacketType.BINARY_EVENT && head.attachments >= 1 && head.attachments <= 10) {
      this.skip = head.attachments;
      return this.refuse(head, new RejectedMessage(ErrorCode.BadRequest, 'binary payloads are not part of the protocol'));
    }
    if (head?.type === PacketType.EVENT) {
      const max = messageLimit(head.nsp, head.event);
      if (obj.length > max) return this.refuse(head, new RejectedMessage(ErrorCode.PayloadTooLarge, `message too large: ${obj.length} characters, this request allows ${max}`));
    }
    super.add(obj);
  }

  private refuse(head: Head, rejected: RejectedMessage): void {
    const packet: Packet = { type: PacketType.EVENT, nsp: head.nsp, data: [head.event ?? '', rejected], ...(head.id !== undefined ? { id: head.id } : {}) };
    this.emitReserved('decoded', packet);
  }
}

/** The parser to give socket.io's server (`new Server(http, { parser: boundedParser })`). */
export const boundedParser = { Encoder, Decoder: BoundedDecoder };
