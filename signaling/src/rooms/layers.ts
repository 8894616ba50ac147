/**
 * Picks the simulcast layer a receiver needs for the size its tile shows the video at.
 *
 * The rule is the layer nearest the tile: the smallest layer whose height is at least the
 * tile's height ÷ √2. With layers a factor 2 apart (135, 270, 540 px) the picture is never
 * scaled by more than √2 either way: a layer taller than the tile is only sent when the
 * next one down would have to be enlarged by more than that, so a 306 px tile gets 270p
 * (enlarged 1.13×), not 540p (four times the pixels, ~2.4× the bitrate, for nothing the eye
 * sees on a village downlink). "The smallest layer that covers the tile" (what this did
 * before, with 10 % slack) sends a layer up to twice the tile's height.
 *
 * mediasoup treats the choice as an upper bound and drops lower on its own when the
 * receiver's bandwidth is short. A tile that is not shown at all (height 0) is not a layer
 * question: the consumer is paused (MediaWiring.setRenderedSize).
 *
 * @param scales scaleResolutionDownBy of each encoding, lowest layer first (e.g. [4, 2, 1])
 * @param sourceHeight the captured frame height
 * @param renderedHeight the shown height in device pixels (CSS height × devicePixelRatio)
 */
export function pickSpatialLayer(scales: number[], sourceHeight: number, renderedHeight: number): number {
  if (scales.length <= 1) return 0;
  if (renderedHeight <= 0) return 0;
  for (let i = 0; i < scales.length; i++) {
    const layerHeight = sourceHeight / (scales[i] ?? 1);
    if (layerHeight * Math.SQRT2 >= renderedHeight) return i;
  }
  return scales.length - 1;
}

/** The encodings' scales as sent by the client; Chromium's default simulcast steps otherwise. */
export function encodingScales(encodings: Array<{ scaleResolutionDownBy?: number }> | undefined): number[] {
  if (!encodings || encodings.length === 0) return [1];
  const n = encodings.length;
  return encodings.map((e, i) => e.scaleResolutionDownBy ?? 2 ** (n - 1 - i));
}
