import { useI18n } from '../../i18n';
import { useRoomValue } from '../../hooks/useRoomValue';
import type { LocalMedia, RoomClient } from '../../room';
import { useAction } from './useAction';

/** My microphone, camera, hand and leave; a host's mute shows why unmuting is refused. */
export function SelfControls({ client, local, publish }: { client: RoomClient; local: LocalMedia; publish: boolean }) {
  const { t } = useI18n();
  const action = useAction();
  const me = client.self?.peerId ?? '';
  const hostMutes = useRoomValue(client.host, (h) => h.hostMutes, new Set<string>());
  const hands = useRoomValue(client.host, (h) => h.hands, new Set<string>());
  const micHeld = hostMutes.has(`${me}:microphone`);
  const camHeld = hostMutes.has(`${me}:camera`);
  const raised = hands.has(me);
  // held by the host: off whatever the person chose (the host's allow turns it back on by itself)
  const micOff = local.microphoneMuted || micHeld;
  const camOff = local.cameraOff || camHeld;
  // the host put us on voice only: the camera is paused and its resume refused until the host lifts it
  const voiceOnly = local.downlink === 'byHost' && !camHeld;
  return (
    <div className="controls" role="group" aria-label={t('roomui.controls')}>
      {publish && (
        <>
          <button
            type="button"
            className="control"
            aria-pressed={micOff}
            disabled={micHeld}
            aria-describedby={micHeld ? 'mic-held' : undefined}
            onClick={() => action.run(() => client.setMicrophoneMuted(!local.microphoneMuted))}
          >
            {micOff ? t('room.mic.unmute') : t('room.mic.mute')}
          </button>
          <button
            type="button"
            className="control"
            aria-pressed={camOff || voiceOnly}
            disabled={camHeld || voiceOnly}
            aria-describedby={camHeld ? 'cam-held' : voiceOnly ? 'cam-voice-only' : undefined}
            data-testid="camera-control"
            onClick={() => action.run(() => client.setCameraOff(!local.cameraOff))}
          >
            {voiceOnly ? t('roomui.cameraVoiceOnly') : camOff ? t('room.camera.on') : t('room.camera.off')}
          </button>
        </>
      )}
      <button type="button" className="control" aria-pressed={raised} onClick={() => action.run(() => client.host.raiseHand(!raised))}>
        {raised ? t('roomui.hand.lower') : `${t('roomui.hand.raise')}`}
      </button>
      <button type="button" className="control danger" onClick={() => void client.leave()}>
        {t('room.leave')}
      </button>
      {micHeld && (
        <p id="mic-held" className="held-note" role="status" data-testid="muted-by-host">
          {t('roomui.mutedByHost')}
        </p>
      )}
      {camHeld && (
        <p id="cam-held" className="held-note" role="status">
          {t('roomui.cameraStoppedByHost')}
        </p>
      )}
      {voiceOnly && (
        <p id="cam-voice-only" className="held-note" role="status">
          {t('roomui.cameraVoiceOnlyByHost')}
        </p>
      )}
      {action.error && (
        <p role="alert" className="action-error">
          {action.error}
        </p>
      )}
    </div>
  );
}
