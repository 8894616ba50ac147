import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import type { TransportDirection } from './peer-media';

/** What a client needs to build its side of a WebRTC transport (mediasoup-client createSend/RecvTransport). */
export interface WebRtcTransportInfo {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

export interface TransportState {
  mediaKey: string;
  transportId: string;
  direction: TransportDirection;
  iceState: types.IceState;
  dtlsState: types.DtlsState;
}

export function webRtcTransportInfo(t: types.WebRtcTransport): WebRtcTransportInfo {
  return { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
}

/**
 * Reports ICE/DTLS state changes of a transport. A DTLS 'failed' or 'closed' is
 * final: the transport is closed (its producers and consumers with it); ICE
 * 'disconnected' is reported but left alone, since ICE may recover or be restarted.
 */
export function watchTransport(
  t: types.WebRtcTransport,
  mediaKey: string,
  direction: TransportDirection,
  log: Logger,
  report: (s: TransportState) => void,
): void {
  const snapshot = (): TransportState => ({ mediaKey, transportId: t.id, direction, iceState: t.iceState, dtlsState: t.dtlsState });
  t.on('icestatechange', (iceState) => {
    log.debug({ transportId: t.id, iceState }, 'ice state');
    report(snapshot());
  });
  t.on('dtlsstatechange', (dtlsState) => {
    const level = dtlsState === 'failed' ? 'warn' : 'debug';
    log[level]({ transportId: t.id, dtlsState }, 'dtls state');
    report(snapshot());
    if (dtlsState === 'failed' || dtlsState === 'closed') t.close();
  });
}
