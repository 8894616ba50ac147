import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from './config';

/**
 * The client's address of a raw HTTP request (a socket.io handshake), by the same
 * TRUST_PROXY rule as Fastify's `req.ip`: @fastify/proxy-addr walks X-Forwarded-For
 * only through the trusted hops, so a client's own forged header is never believed.
 */
export function clientAddressOf(trust: TrustProxy): (req: IncomingMessage) => string | undefined {
  const trusted =
    trust === false ? () => false : typeof trust === 'number' ? (_addr: string, hop: number) => hop < trust : proxyAddr.compile(trust);
  return (req) => (req.socket.remoteAddress === undefined ? undefined : proxyAddr(req, trusted));
}
