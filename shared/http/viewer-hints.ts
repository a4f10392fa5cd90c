import { DEVICE_CLASSES, type DeviceClass } from '../registry/viewer-settings';

/**
 * The device class the viewer-request function derives from CloudFront's `CloudFront-Is-*-Viewer`
 * headers, only for endpoints that set `deviceLimits` (see `infra/edge/viewer-request.js`). The raw
 * CloudFront headers are never read: only a header in the cache key may change the answer.
 */
export const DEVICE_CLASS_HEADER = 'x-imgfront-device';

/** What the viewer's request headers say about it, each value checked; absent when missing or malformed. */
export interface ViewerHints {
  /** `Sec-CH-DPR` (or the older `DPR`): device pixels per CSS pixel. */
  dpr: number | undefined;
  /** `Sec-CH-Width` (or `Width`): the intrinsic width the image slot needs, in device pixels. */
  width: number | undefined;
  /** `Sec-CH-Viewport-Width` (or `Viewport-Width`): the layout viewport, in CSS pixels. */
  viewportWidth: number | undefined;
  /** `Save-Data: on`. */
  saveData: boolean;
  device: DeviceClass | undefined;
}

/** A hint's number (`2`, `2.625`, `600`); signs, exponents, NaN, zero and absurd values are ignored. */
function hintNumber(raw: string | undefined): number | undefined {
  const text = raw?.trim();
  if (text === undefined || !/^\d{1,6}(\.\d{1,6})?$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
}

/** Reads the hints from lower-cased request headers; the modern `Sec-CH-` name wins over the legacy one. */
export function readViewerHints(headers: Readonly<Record<string, string | undefined>>): ViewerHints {
  const device = headers[DEVICE_CLASS_HEADER]?.trim().toLowerCase();
  return {
    dpr: hintNumber(headers['sec-ch-dpr'] ?? headers.dpr),
    width: hintNumber(headers['sec-ch-width'] ?? headers.width),
    viewportWidth: hintNumber(headers['sec-ch-viewport-width'] ?? headers['viewport-width']),
    // The header's value is a token (`on`); browsers send it in either case.
    saveData: headers['save-data']?.trim().toLowerCase() === 'on',
    device: DEVICE_CLASSES.find((name) => name === device),
  };
}
