import type { types } from 'mediasoup-client';

/**
 * Camera simulcast for weak rural uplinks: three VP8 encodings at 1/4, 1/2 and full
 * size of a 960 × 540 capture (240 × 135, 480 × 270, 960 × 540). Chromium sends
 * three layers only from 960 × 540 up (two at 640 × 480), so that is what we ask
 * the camera for. Receivers get the layer that fits their bandwidth and tile size;
 * the sender stays under ~1 Mbps in all, and drops the top layers by itself when
 * its uplink is short.
 */
export const CAMERA_ENCODINGS: types.RtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 100_000, scalabilityMode: 'L1T3' },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 250_000, scalabilityMode: 'L1T3' },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 600_000, scalabilityMode: 'L1T3' },
];

/**
 * Start the sender's bandwidth estimate at 600 kbps (Chromium's default is 300): enough
 * for all three layers at once, so a joiner sees a sharp picture sooner. On a weaker
 * uplink the estimate falls within a second or two and the top layer pauses.
 */
export const CAMERA_CODEC_OPTIONS: types.ProducerCodecOptions = { videoGoogleStartBitrate: 600 };

/** Opus with in-band FEC and DTX: robust to loss and quiet on silence. */
export const MICROPHONE_CODEC_OPTIONS: types.ProducerCodecOptions = { opusFec: true, opusDtx: true, opusStereo: false };

/** Why a camera or microphone asked for is not there: the person (or browser) did not allow it, there is none, or it would not open. */
export type CaptureProblem = 'denied' | 'missing' | 'failed';

export interface LocalTracks {
  camera: MediaStreamTrack | undefined;
  microphone: MediaStreamTrack | undefined;
  /** What went wrong with a device that was asked for and is missing (issue #13 bug 10); absent when all is well. */
  problems?: { camera?: CaptureProblem; microphone?: CaptureProblem };
}

/** getUserMedia's error names, as a problem a person can be told about. */
export function captureProblem(err: unknown): CaptureProblem {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'missing';
  return 'failed';
}

/** What to capture; a device id picks that camera or microphone (the kiosk's device check). */
export interface CaptureRequest {
  camera: boolean;
  microphone: boolean;
  cameraDeviceId?: string;
  microphoneDeviceId?: string;
}

/** Opens the camera and microphone asked for; a missing device leaves its slot empty. */
export async function captureLocal(want: CaptureRequest): Promise<LocalTracks> {
  const tracks: LocalTracks = { camera: undefined, microphone: undefined };
  if (!want.camera && !want.microphone) return tracks;
  const constraints: MediaStreamConstraints = {
    audio: want.microphone
      ? { echoCancellation: true, noiseSuppression: true, autoGainControl: true, ...(want.microphoneDeviceId ? { deviceId: { exact: want.microphoneDeviceId } } : {}) }
      : false,
    video: want.camera
      ? { width: { ideal: 960 }, height: { ideal: 540 }, frameRate: { ideal: 24, max: 30 }, ...(want.cameraDeviceId ? { deviceId: { exact: want.cameraDeviceId } } : {}) }
      : false,
  };
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(constraints);
  } catch {
    // one of the two may be missing (a talk-room PC without a camera): try each alone
    const parts = await Promise.allSettled([
      want.camera ? navigator.mediaDevices.getUserMedia({ video: constraints.video }) : Promise.reject(new Error('skip')),
      want.microphone ? navigator.mediaDevices.getUserMedia({ audio: constraints.audio }) : Promise.reject(new Error('skip')),
    ]);
    stream = new MediaStream(parts.flatMap((p) => (p.status === 'fulfilled' ? p.value.getTracks() : [])));
    const [video, audio] = parts;
    const problems: NonNullable<LocalTracks['problems']> = {};
    if (want.camera && video.status === 'rejected') problems.camera = captureProblem(video.reason);
    if (want.microphone && audio.status === 'rejected') problems.microphone = captureProblem(audio.reason);
    if (problems.camera || problems.microphone) tracks.problems = problems;
  }
  tracks.camera = stream.getVideoTracks()[0];
  tracks.microphone = stream.getAudioTracks()[0];
  return tracks;
}
