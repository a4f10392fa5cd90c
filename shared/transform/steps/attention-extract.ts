import type { Sharp } from 'sharp';
import type { GeometryPlan, Size } from '../geometry';

const clampedStart = (centre: number, size: number, outer: number) =>
  Math.round(Math.min(Math.max(centre - size / 2, 0), outer - size));

/**
 * `fo-auto` on crops that do not scale (`cm-extract`, `cm-pad_extract`): sharp's attention strategy
 * only runs inside a resize, so a cheap cover-resize pass to the region's size finds the focus
 * (`attentionX`/`attentionY`, in resized pixels) and the region is centred on it in input pixels.
 */
export async function placeByAttention(image: Sharp, input: Size, plan: GeometryPlan): Promise<GeometryPlan> {
  const region = plan.extract;
  if (!plan.attentionExtract || !region) return plan;
  const scale = Math.max(region.width / input.width, region.height / input.height);
  const { info } = await image
    .clone()
    .resize({ width: region.width, height: region.height, fit: 'cover', position: 'attention' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const focusX = info.attentionX === undefined ? input.width / 2 : info.attentionX / scale;
  const focusY = info.attentionY === undefined ? input.height / 2 : info.attentionY / scale;
  return {
    ...plan,
    extract: {
      ...region,
      left: clampedStart(focusX, region.width, input.width),
      top: clampedStart(focusY, region.height, input.height),
    },
  };
}
