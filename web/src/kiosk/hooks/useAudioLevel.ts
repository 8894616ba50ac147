import { useEffect, useState } from 'react';

/**
 * The microphone's loudness now, 0–100 (RMS of the waveform from a WebAudio
 * AnalyserNode, updated ~10 times a second): the device check's sound bar.
 */
export function useAudioLevel(track: MediaStreamTrack | undefined): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track) {
      setLevel(0);
      return;
    }
    const ctx = new AudioContext();
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    void ctx.resume().catch(() => undefined);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      // speech sits around 0.02–0.2 RMS: a square-root scale makes quiet voices visible
      setLevel(Math.min(100, Math.round(Math.sqrt(rms / 0.3) * 100)));
    }, 100);
    return () => {
      clearInterval(timer);
      source.disconnect();
      void ctx.close().catch(() => undefined);
    };
  }, [track]);
  return level;
}
