import type { Limits } from '../config/config';
import type { ViewerHints } from '../http/viewer-hints';
import type { EndpointSettings } from '../registry/endpoint-schema';
import type { TransformStep } from '../url/transform-spec';
import { roundedUpWidth, widthRuleOf } from './allowed-widths';

/** What the viewer's hints change about an answer, decided at plan time (the URL parser never sees headers). */
export interface ViewerPlan {
  /** The steps with `w-auto` / `dpr-auto` resolved where a hint allowed, and the device cap appended. */
  steps: TransformStep[];
  /** `Content-DPR` when `w-auto` took its width from a hint (ImageKit's formula). */
  contentDpr: number | undefined;
  /** A lower quality for `Save-Data: on` on endpoints with `settings.saveData`. */
  qualityCap: number | undefined;
  /** The request headers the answer depends on, for `Vary`. */
  vary: string[];
}

/** ImageKit rounds intrinsic widths up to the next 100, so one slot width does not make 100 variants. */
const WIDTH_STEP = 100;
const DPR_RANGE = { min: 0.1, max: 5 } as const;
const WIDTH_HINTS = ['Sec-CH-Width', 'Width', 'Sec-CH-Viewport-Width', 'Viewport-Width'];
const DPR_HINTS = ['Sec-CH-DPR', 'DPR'];

const twoDecimals = (value: number) => Math.round(value * 100) / 100;

interface HintedWidth {
  width: number;
  /** The width, in CSS pixels, the image is meant to be shown at. */
  cssWidth: number;
}

/**
 * `w-auto`: `Sec-CH-Width` already counts device pixels, so the DPR is not applied again; without it,
 * the viewport (CSS pixels) times the DPR bounds what the slot can need. Rounded up to the next 100 and
 * held to the endpoint's maximum, so a hint never makes a request fail.
 */
function hintedWidth(hints: ViewerHints, maxWidth: number): HintedWidth | undefined {
  const dpr = hints.dpr ?? 1;
  const wanted = hints.width ?? (hints.viewportWidth === undefined ? undefined : hints.viewportWidth * dpr);
  if (wanted === undefined) return undefined;
  const width = Math.min(Math.ceil(wanted / WIDTH_STEP) * WIDTH_STEP, maxWidth);
  return { width, cssWidth: hints.width === undefined ? (hints.viewportWidth ?? wanted) : wanted / dpr };
}

/**
 * Resolves the client hints (ImageKit's `w-auto`, `dpr-auto`), data saver and device limits for one
 * answer. Only the chain's own steps take `auto`; inside layers and if blocks it stays the fallback
 * (as if not given), as does any `auto` whose hint the request lacks.
 */
export function planViewer(
  steps: readonly TransformStep[],
  hints: ViewerHints,
  settings: EndpointSettings,
  limits: Pick<Limits, 'maxOutputDimension'>,
): ViewerPlan {
  const maxWidth = Math.min(settings.maxWidth, limits.maxOutputDimension);
  const vary = new Set<string>();
  let contentDpr: number | undefined;
  const widthRule = widthRuleOf(settings);
  const resolved = steps.map((step) => {
    const next: TransformStep = { ...step };
    if (step.width === 'auto') {
      WIDTH_HINTS.forEach((name) => vary.add(name));
      DPR_HINTS.forEach((name) => vary.add(name));
      const hinted = hintedWidth(hints, maxWidth);
      if (hinted !== undefined) {
        // Rounded to an allowed width here, whatever the policy (the viewer chose no width to refuse),
        // so `Content-DPR` describes the width actually sent.
        const width = widthRule === undefined ? hinted.width : roundedUpWidth(hinted.width, widthRule);
        next.width = width;
        // The width counts device pixels already: `dpr-auto` must not multiply it again.
        if (step.dpr === 'auto') delete next.dpr;
        contentDpr = twoDecimals(width / hinted.cssWidth);
      }
    }
    if (next.dpr === 'auto') {
      DPR_HINTS.forEach((name) => vary.add(name));
      if (hints.dpr !== undefined)
        next.dpr = twoDecimals(Math.min(Math.max(hints.dpr, DPR_RANGE.min), DPR_RANGE.max));
    }
    return next;
  });
  if (settings.saveData) vary.add('Save-Data');
  const deviceLimit = hints.device === undefined ? undefined : settings.deviceLimits?.[hints.device];
  // A last step that only shrinks: the output fits the device's box whatever the chain asked for.
  if (deviceLimit && !steps.some((step) => step.original))
    resolved.push({ width: deviceLimit.maxWidth, height: deviceLimit.maxHeight, crop: 'at_max' });
  return {
    steps: resolved,
    contentDpr,
    qualityCap: settings.saveData && hints.saveData ? settings.saveData.quality : undefined,
    vary: [...vary],
  };
}
