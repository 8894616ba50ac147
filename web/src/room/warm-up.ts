/**
 * The first RTCPeerConnection of a page pays for starting the browser's WebRTC
 * stack (~100 ms on a slow PC). Doing it while the page is open, before anyone
 * presses "join", takes that off the join.
 */
export async function warmUpWebRtc(): Promise<void> {
  if (typeof RTCPeerConnection === 'undefined') return;
  const pc = new RTCPeerConnection();
  try {
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    await pc.createOffer();
  } catch {
    // nothing to warm: the join will report what is wrong
  } finally {
    pc.close();
  }
}
