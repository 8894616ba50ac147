import type { UpdateParticipantMetadata } from '@livekit/protocol';
import { type ConsentAnswer, ErrorCode, type RecordingStateInfo } from '@shuoshi/protocol';
import { AppError } from '../errors';

/**
 * Recording consent for a LiveKit participant, the LiveKit way (no data channel):
 * - the room's recording shows as `Room.activeRecording` (livekit-client: `room.isRecording`,
 *   `RoomEvent.RecordingStatusChanged`): true while anyone is being recorded;
 * - the question and the answer on record show as the participant's own attribute
 *   `shuoshi.consent` (livekit-client: `RoomEvent.ParticipantAttributesChanged`):
 *   `asked` (answer now), `agree` (your agreement is on record), `decline` (you declined:
 *   the round ended for everyone); absent when nothing is asked of this participant;
 * - the app answers with `localParticipant.setAttributes({ 'shuoshi.consent': 'agree' | 'decline' })`.
 *   The attribute then reads back exactly what was sent, so livekit-client's promise
 *   resolves. Nothing else may be changed: name, metadata, other attributes are refused.
 */
export const CONSENT_ATTRIBUTE = 'shuoshi.consent';

export type ConsentAttribute = 'asked' | 'agree' | 'decline';

/** What `shuoshi.consent` says to this participant, from the room's recording state (undefined: nothing asked). */
export function consentAttribute(info: RecordingStateInfo | undefined, peerId: string): ConsentAttribute | undefined {
  if (!info) return undefined;
  if (info.pending.includes(peerId)) return 'asked';
  if (info.agreed.includes(peerId)) return 'agree';
  if (info.state === 'stopped' && info.declined.includes(peerId)) return 'decline';
  return undefined;
}

/** `Room.activeRecording`: someone's media is being recorded now. */
export const isRecording = (info: RecordingStateInfo | undefined): boolean => info?.state === 'recording';

const unsupported = () => new AppError(400, 'UNSUPPORTED', `changing names, metadata or attributes is not supported by this server; only the attribute ${CONSENT_ATTRIBUTE} may be set, to agree or decline`);

/**
 * The one change a LiveKit participant may ask for: its answer to the consent question.
 * livekit-client sends its current name and metadata with every `setAttributes`; they must
 * be unchanged (our name for the seat, no metadata). Exactly one attribute, ours, with
 * exactly `agree` or `decline`; anything else is refused.
 */
export function readConsentAnswer(req: UpdateParticipantMetadata, currentName: string): ConsentAnswer {
  if (req.metadata !== '' || (req.name !== '' && req.name !== currentName)) throw unsupported();
  const keys = Object.keys(req.attributes);
  if (keys.length !== 1 || keys[0] !== CONSENT_ATTRIBUTE) throw unsupported();
  const value = req.attributes[CONSENT_ATTRIBUTE];
  if (value !== 'agree' && value !== 'decline') throw new AppError(400, ErrorCode.BadRequest, `${CONSENT_ATTRIBUTE} is answered with agree or decline`);
  return value;
}
