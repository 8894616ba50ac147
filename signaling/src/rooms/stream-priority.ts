/**
 * Who gets a short downlink first (issue #16). mediasoup shares a receiver's estimated
 * bandwidth among its video consumers by priority: each gets its lowest layer first,
 * highest priority first, then better layers in proportion to priority. Audio takes no
 * part in that sharing: mediasoup forwards every audio consumer whatever the estimate
 * (its SimpleConsumer answers bitrate priority 0 for audio), so voice always comes
 * ahead of video without a priority of its own.
 *
 * The last active speaker's camera gets SPEAKER_VIDEO_PRIORITY, every other video 1.
 * A silent room (no speaker) keeps the last speaker: who spoke last most likely speaks next.
 */
export const SPEAKER_VIDEO_PRIORITY = 3;
export const OTHER_VIDEO_PRIORITY = 1;

export function videoPriority(fromPeerId: string, speakerId: string | null): number {
  return speakerId !== null && fromPeerId === speakerId ? SPEAKER_VIDEO_PRIORITY : OTHER_VIDEO_PRIORITY;
}
