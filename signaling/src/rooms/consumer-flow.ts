import type { OwnedConsumer } from './peer';

/**
 * Whether the server forwards a consumer now. Three parties have a say, and each keeps its
 * own flag on the consumer, so that one letting go never undoes another's pause:
 *
 * - the client resumed it once it had set it up (`clientResumed`, `resumeConsumer`);
 * - the receiver's weak downlink holds it back (`held`, downlink-guard.ts);
 * - the receiver does not show it: its tile is scrolled out of view (`offscreen`,
 *   `setRenderedSize` 0 × 0), so nothing of it crosses the receiver's downlink until the
 *   tile comes back (mediasoup asks the sender for a key frame on resume).
 */
export function consumerFlows(owned: OwnedConsumer): boolean {
  return (owned.clientResumed ?? false) && !owned.held && !owned.offscreen;
}

/** Pauses or resumes the consumer on the media server as `consumerFlows` says (both are no-ops when already so). */
export async function settleConsumer(owned: OwnedConsumer): Promise<void> {
  await (consumerFlows(owned) ? owned.consumer.resume() : owned.consumer.pause());
}
