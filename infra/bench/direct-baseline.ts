/**
 * Runs inside the page (serialised by page.evaluate: self-contained, no imports).
 * Two RTCPeerConnections in one page, camera already open (like a publisher that is
 * already sending), connected directly: ms from creating them to the first frame
 * decoded by the receiver, polled with getStats every 10 ms as on the SFU path.
 */
export async function directFirstFrame(): Promise<number> {
  const g = globalThis as unknown as { __benchStream?: MediaStream };
  g.__benchStream ??= await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  const stream = g.__benchStream;
  const t0 = performance.now();
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  try {
    // queue remote candidates until the remote description is set
    const relay = (from: RTCPeerConnection, to: RTCPeerConnection) => {
      const queued: RTCIceCandidate[] = [];
      from.onicecandidate = (e) => {
        if (!e.candidate) return;
        if (to.remoteDescription) void to.addIceCandidate(e.candidate);
        else queued.push(e.candidate);
      };
      return async () => {
        for (const c of queued.splice(0)) await to.addIceCandidate(c);
      };
    };
    const flushToReceiver = relay(sender, receiver);
    const flushToSender = relay(receiver, sender);
    for (const track of stream.getTracks()) sender.addTrack(track, stream);
    const offer = await sender.createOffer();
    await sender.setLocalDescription(offer);
    await receiver.setRemoteDescription(offer);
    await flushToReceiver();
    const answer = await receiver.createAnswer();
    await receiver.setLocalDescription(answer);
    await sender.setRemoteDescription(answer);
    await flushToSender();
    for (;;) {
      let decoded = 0;
      (await receiver.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') decoded += s.framesDecoded ?? 0;
      });
      if (decoded > 0) return performance.now() - t0;
      if (performance.now() - t0 > 20_000) throw new Error('no frame decoded on the direct connection');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    sender.close();
    receiver.close();
  }
}
