import type { HandlerTable } from './context';
import { closeProducer, pauseProducer, produce, resumeProducer } from './producers';
import { join, leave, resume } from './session';
import { connectTransport, createTransport, restartIce } from './transports';
import { ready, resumeConsumer, setRenderedSize } from './consumers';
import { hostCaucusSet } from './host-caucus-set';
import { hostMove } from './host-move';
import { hostMute } from './host-mute';
import { hostAudioOnly } from './host-audio-only';
import { hostRemove } from './host-remove';
import { hostEnd } from './host-end';
import { hostHandoff } from './host-handoff';
import { raiseHand } from './raise-hand';
import { hostLock } from './host-lock';
import { recordingStart } from './recording-start';
import { recordingStop } from './recording-stop';
import { recordingPolicy } from './recording-policy';
import { consentGive } from './consent-give';
import { consentProxies } from './consent-proxies';
import { consentWithdraw } from './consent-withdraw';
import { hostAdmit } from './host-admit';
import { hostAdmitAll } from './host-admit-all';
import { hostDecline } from './host-decline';
import { chatSend } from './chat-send';
import { chatHistory } from './chat-history';
import { docShow } from './doc-show';
import { docHide } from './doc-hide';
import { roomBrief } from './room-brief';

/** Every request name → its one handler. The type makes a missing entry a compile error. */
export const handlers: HandlerTable = {
  join,
  resume,
  leave,
  createTransport,
  connectTransport,
  restartIce,
  produce,
  pauseProducer,
  resumeProducer,
  closeProducer,
  ready,
  resumeConsumer,
  setRenderedSize,
  'host:caucus:set': hostCaucusSet,
  'host:move': hostMove,
  raiseHand,
  'host:mute': hostMute,
  'host:audioOnly': hostAudioOnly,
  'host:remove': hostRemove,
  'host:end': hostEnd,
  'host:handoff': hostHandoff,
  'host:lock': hostLock,
  'recording:start': recordingStart,
  'recording:stop': recordingStop,
  'recording:policy': recordingPolicy,
  'consent:give': consentGive,
  'consent:proxies': consentProxies,
  'consent:withdraw': consentWithdraw,
  'host:admit': hostAdmit,
  'host:admitAll': hostAdmitAll,
  'host:decline': hostDecline,
  'chat:send': chatSend,
  'chat:history': chatHistory,
  'room:brief': roomBrief,
  'doc:show': docShow,
  'doc:hide': docHide,
};
