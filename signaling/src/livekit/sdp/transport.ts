import type { SessionDescription } from 'sdp-transform';
import type { DtlsParameters, TransportInfo } from '@shuoshi/protocol';
import { RoomErrors } from '../../rooms/errors';

/**
 * The transport half of the SDP translation, shared by both PeerConnections: what a
 * mediasoup WebRtcTransport says about itself (ICE-lite, its candidates, its DTLS
 * fingerprints) written as m-section attributes, and the browser's DTLS fingerprint
 * and role read back. Parsing and writing is sdp-transform's; this only maps fields.
 */
export type Media = SessionDescription['media'][number];

/** Session-level lines of every description the server writes. */
export function sessionHead(sessionVersion: number, mids: string[]): SessionDescription {
  return {
    version: 0,
    origin: { username: 'shuoshi', sessionId: 1_000_000, sessionVersion, netType: 'IN', ipVer: 4, address: '0.0.0.0' },
    name: '-',
    timing: { start: 0, stop: 0 },
    icelite: 'ice-lite',
    groups: mids.length > 0 ? [{ type: 'BUNDLE', mids: mids.join(' ') }] : [],
    msidSemantic: { semantic: 'WMS', token: '*' },
    media: [],
  } as SessionDescription;
}

/** ICE, candidates and DTLS of the server's transport on one m-section; `setup` is the server's DTLS side. */
export function transportAttributes(t: TransportInfo, setup: 'actpass' | 'active' | 'passive'): Partial<Media> {
  const fp = t.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256') ?? t.dtlsParameters.fingerprints[0]!;
  return {
    connection: { version: 4, ip: '127.0.0.1' },
    iceUfrag: t.iceParameters.usernameFragment,
    icePwd: t.iceParameters.password,
    iceOptions: 'renomination',
    candidates: t.iceCandidates.map((c, i) => ({
      foundation: c.foundation,
      component: 1,
      transport: c.protocol,
      priority: c.priority,
      ip: c.address,
      port: c.port,
      type: c.type,
      ...(c.protocol === 'tcp' ? { tcptype: c.tcpType ?? 'passive' } : {}),
      generation: 0,
      'network-id': i + 1,
    })),
    endOfCandidates: 'end-of-candidates',
    fingerprint: { type: fp.algorithm, hash: fp.value },
    setup,
    rtcpMux: 'rtcp-mux',
    rtcpRsize: 'rtcp-rsize',
  };
}

/**
 * The browser's DTLS fingerprint and the role mediasoup must give it: the side the
 * browser wrote (`active` → it is the DTLS client). MEDIA_REJECTED without a fingerprint.
 */
export function browserDtls(sdp: SessionDescription): DtlsParameters {
  const m = sdp.media.find((x) => x.port !== 0 && x.fingerprint) ?? sdp.media[0];
  const fp = m?.fingerprint ?? sdp.fingerprint;
  if (!fp) throw RoomErrors.mediaRejected('the description has no DTLS fingerprint');
  const setup = m?.setup ?? sdp.setup;
  const role = setup === 'active' ? 'client' : setup === 'passive' ? 'server' : 'auto';
  return { role, fingerprints: [{ algorithm: fp.type, value: fp.hash }] };
}
