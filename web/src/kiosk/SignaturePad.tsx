import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useI18n } from '../i18n';

/**
 * A signature canvas (pointer events: finger, pen or mouse) on white, black ink.
 * Confirm hands over a PNG data URL; an empty pad is not confirmed.
 */
export function SignaturePad({ label, busy, onConfirm }: { label: string; busy: boolean; onConfirm(png: string): void }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [inked, setInked] = useState(false);
  const [empty, setEmpty] = useState(false);

  const clear = () => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, c.width, c.height);
    setInked(false);
  };
  useEffect(clear, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const c = e.currentTarget;
    const r = c.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * c.width) / r.width, y: ((e.clientY - r.top) * c.height) / r.height };
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    last.current = point(e);
    setEmpty(false);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const ctx = e.currentTarget.getContext('2d')!;
    const p = point(e);
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 6;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(last.current.x, last.current.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last.current = p;
    setInked(true);
  };
  const up = () => {
    last.current = null;
  };

  return (
    <div className="k-pad">
      <p id="pad-label" className="k-lead">{label}</p>
      <canvas
        ref={canvas}
        width={900}
        height={360}
        className="k-pad-canvas"
        role="img"
        aria-labelledby="pad-label"
        data-testid="signature-canvas"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      {empty && <p role="alert" className="k-alert">{t('kiosk.sign.empty')}</p>}
      <div className="k-actions">
        <button type="button" className="k-button k-quiet" onClick={clear} disabled={busy}>
          {t('kiosk.sign.clear')}
        </button>
        <button
          type="button"
          className="k-button k-primary k-huge"
          disabled={busy}
          onClick={() => (inked && canvas.current ? onConfirm(canvas.current.toDataURL('image/png')) : setEmpty(true))}
        >
          {t('kiosk.sign.confirm')}
        </button>
      </div>
    </div>
  );
}
