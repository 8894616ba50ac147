import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useMediaStream } from '../hooks/useMediaStream';
import { useAudioLevel } from './hooks/useAudioLevel';
import { captureProblem, type CaptureProblem } from '../room/local-media';

export interface ChosenDevices {
  camera: boolean;
  microphone: boolean;
  cameraDeviceId?: string;
  microphoneDeviceId?: string;
}

interface Preview {
  camera: MediaStreamTrack | undefined;
  microphone: MediaStreamTrack | undefined;
  error: boolean;
  /** Why there is no camera: not allowed, none, or it would not open (issue #13 bug 10: a denied camera is not "no camera"). */
  cameraProblem?: CaptureProblem;
}

async function open(cameraId: string | undefined, micId: string | undefined): Promise<Preview> {
  let cameraProblem: CaptureProblem | undefined;
  const get = (c: MediaStreamConstraints, onError?: (e: unknown) => void) =>
    navigator.mediaDevices.getUserMedia(c).then(
      (s) => s,
      (e: unknown) => {
        onError?.(e);
        return undefined;
      },
    );
  const [video, audio] = await Promise.all([
    get({ video: cameraId ? { deviceId: { exact: cameraId } } : { width: { ideal: 640 }, height: { ideal: 360 } } }, (e) => (cameraProblem = captureProblem(e))),
    get({ audio: micId ? { deviceId: { exact: micId } } : true }),
  ]);
  return { camera: video?.getVideoTracks()[0], microphone: audio?.getAudioTracks()[0], error: !video && !audio, cameraProblem };
}

/** Camera and microphone check: live preview, a live sound bar, a choice when there are several; then one tap joins. */
export function DeviceCheck({ onJoin, onBack }: { onJoin(d: ChosenDevices): void; onBack(): void }) {
  const { t } = useI18n();
  const [preview, setPreview] = useState<Preview>();
  const [cameraId, setCameraId] = useState<string>();
  const [micId, setMicId] = useState<string>();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const video = useRef<HTMLVideoElement>(null);
  useMediaStream(video, preview?.camera);
  const level = useAudioLevel(preview?.microphone);

  useEffect(() => {
    let live = true;
    let got: Preview | undefined;
    void open(cameraId, micId).then(async (p) => {
      got = p;
      if (!live) return stop(p);
      setPreview(p);
      setDevices(await navigator.mediaDevices.enumerateDevices()); // labels once permitted
    });
    return () => {
      live = false;
      if (got) stop(got);
    };
  }, [cameraId, micId]);

  useEffect(() => {
    const refresh = () => void navigator.mediaDevices.enumerateDevices().then(setDevices);
    navigator.mediaDevices.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices.removeEventListener('devicechange', refresh);
  }, []);

  const cameras = devices.filter((d) => d.kind === 'videoinput' && d.deviceId);
  const mics = devices.filter((d) => d.kind === 'audioinput' && d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications');
  const cam = preview?.camera?.getSettings();
  const mic = preview?.microphone?.getSettings();
  const currentCamera = cam?.deviceId;
  const currentMic = mic?.deviceId;
  // the browser's 'default' microphone is one of the listed ones: the same group
  const micInUse = (d: MediaDeviceInfo) => d.deviceId === currentMic || (!mics.some((m) => m.deviceId === currentMic) && !!mic?.groupId && d.groupId === mic.groupId && d === mics.find((m) => m.groupId === mic.groupId));

  return (
    <section className="k-screen" aria-labelledby="check-h" data-testid="kiosk-check">
      <h2 id="check-h">{t('kiosk.check.title')}</h2>
      <p className="k-lead">{t('kiosk.check.intro')}</p>
      {!preview && <p role="status" className="k-status">{t('kiosk.loading')}</p>}
      {preview?.error && <p role="alert" className="k-alert">{t('kiosk.check.denied')}</p>}
      <div className="k-check">
        <div className="k-preview">
          <video ref={video} autoPlay playsInline muted aria-label={t('kiosk.check.camera')} />
          {preview && !preview.camera && <p className="k-novideo" data-testid="kiosk-no-camera">{t(preview.cameraProblem === 'denied' ? 'kiosk.check.cameraDenied' : preview.cameraProblem === 'failed' ? 'kiosk.check.cameraFailed' : 'kiosk.check.noCamera')}</p>}
        </div>
        <div className="k-meter-box">
          <p id="level-label">{t('kiosk.check.level')}</p>
          <div className="k-meter" role="meter" aria-labelledby="level-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={level} aria-valuetext={t('kiosk.check.levelValue', { value: level })} data-level={level}>
            <div className="k-meter-fill" style={{ width: `${level}%` }} />
          </div>
          {preview && !preview.microphone && <p role="alert" className="k-alert">{t('kiosk.check.noMicrophone')}</p>}
        </div>
      </div>
      {cameras.length > 1 && (
        <fieldset className="k-choices">
          <legend>{t('kiosk.check.camera')}</legend>
          {cameras.map((d, i) => (
            <button key={d.deviceId} type="button" className="k-button k-choice" aria-pressed={d.deviceId === currentCamera} onClick={() => setCameraId(d.deviceId)}>
              {d.label || `${t('kiosk.check.camera')} ${i + 1}`}
            </button>
          ))}
        </fieldset>
      )}
      {mics.length > 1 && (
        <fieldset className="k-choices">
          <legend>{t('kiosk.check.microphone')}</legend>
          {mics.map((d, i) => (
            <button key={d.deviceId} type="button" className="k-button k-choice" aria-pressed={micInUse(d)} onClick={() => setMicId(d.deviceId)}>
              {d.label || `${t('kiosk.check.microphone')} ${i + 1}`}
            </button>
          ))}
        </fieldset>
      )}
      <div className="k-actions">
        <button type="button" className="k-button k-quiet" onClick={onBack}>
          {t('kiosk.back')}
        </button>
        <button
          type="button"
          className="k-button k-primary k-huge"
          disabled={!preview || preview.error}
          onClick={() =>
            onJoin({ camera: !!preview?.camera, microphone: !!preview?.microphone, cameraDeviceId: cameraId ?? currentCamera, microphoneDeviceId: micId ?? currentMic })
          }
        >
          {t('kiosk.check.join')}
        </button>
      </div>
    </section>
  );
}

function stop(p: Preview): void {
  p.camera?.stop();
  p.microphone?.stop();
}
