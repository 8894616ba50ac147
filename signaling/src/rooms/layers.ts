/**
 * Picks the simulcast layer a receiver needs: the smallest encoding whose height
 * covers the size the video is shown at. mediasoup treats the choice as an upper
 * bound and drops lower on its own when the receiver's bandwidth is short.
 *
 * @param scales scaleResolutionDownBy of each encoding, lowest layer first (e.g. [4, 2, 1])
 * @param sourceHeight the captured frame height
 * @param renderedHeight the shown height in device pixels (0: hidden)
 */
export function pickSpatialLayer(scales: number[], sourceHeight: number, renderedHeight: number): number {
  if (scales.length <= 1) return 0;
  if (renderedHeight <= 0) return 0;
  for (let i = 0; i < scales.length; i++) {
    const layerHeight = sourceHeight / (scales[i] ?? 1);
    // 10% slack: a 230 px tile is fine with a 240 px layer... and with a 216 px one.
    if (layerHeight >= renderedHeight * 0.9) return i;
  }
  return scales.length - 1;
}

/** The encodings' scales as sent by the client; Chromium's default simulcast steps otherwise. */
export function encodingScales(encodings: Array<{ scaleResolutionDownBy?: number }> | undefined): number[] {
  if (!encodings || encodings.length === 0) return [1];
  const n = encodings.length;
  return encodings.map((e, i) => e.scaleResolutionDownBy ?? 2 ** (n - 1 - i));
}
