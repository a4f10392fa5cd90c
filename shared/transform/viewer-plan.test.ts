import { readViewerHints } from '../http/viewer-hints';
import { endpointSettingsSchema } from '../registry/endpoint-schema';
import { parseChain } from '../url/chain';
import { planViewer } from './viewer-plan';

const LIMITS = { maxOutputDimension: 8192 };
const plain = endpointSettingsSchema.parse({});
const plan = (chain: string, headers: Record<string, string>, settings = plain) =>
  planViewer(parseChain(chain), readViewerHints(headers), settings, LIMITS);

describe('client hints (ImageKit "Client hints" examples)', () => {
  it('dpr-auto multiplies the extrinsic width by Sec-CH-DPR: w-100 at DPR 2 is 200 px', () => {
    const { steps, contentDpr } = plan('w-100,dpr-auto', { 'sec-ch-dpr': '2' });
    expect(steps).toEqual([{ width: 100, dpr: 2 }]);
    expect(contentDpr).toBeUndefined();
  });

  it('w-auto takes Sec-CH-Width as intrinsic width and ignores the DPR: 600 stays 600, Content-DPR 2', () => {
    const { steps, contentDpr } = plan('w-auto,dpr-auto', { 'sec-ch-dpr': '2', 'sec-ch-width': '600' });
    expect(steps).toEqual([{ width: 600 }]);
    expect(contentDpr).toBe(2);
  });

  it('rounds 212 up to 300 and answers Content-DPR 300 / (212 / 2) = 2.83', () => {
    const { steps, contentDpr } = plan('w-auto,dpr-auto', { 'sec-ch-dpr': '2', 'sec-ch-width': '212' });
    expect(steps).toEqual([{ width: 300 }]);
    expect(contentDpr).toBe(2.83);
  });

  it('reads the older DPR and Width headers when the Sec-CH- ones are absent', () => {
    expect(plan('w-auto,dpr-auto', { dpr: '2', width: '150' }).steps).toEqual([{ width: 200 }]);
  });

  it('without Sec-CH-Width, the viewport times the DPR bounds the width', () => {
    const { steps, contentDpr } = plan('w-auto', { 'sec-ch-viewport-width': '390', 'sec-ch-dpr': '3' });
    expect(steps).toEqual([{ width: 1200 }]);
    expect(contentDpr).toBe(3.08);
  });

  it('without hints, auto falls back to the plain transformation and still names the hints in Vary', () => {
    const { steps, contentDpr, vary } = plan('w-auto,h-300,dpr-auto', {});
    expect(steps).toEqual([{ width: 'auto', height: 300, dpr: 'auto' }]);
    expect(contentDpr).toBeUndefined();
    expect(vary).toEqual([
      'Sec-CH-Width',
      'Width',
      'Sec-CH-Viewport-Width',
      'Viewport-Width',
      'Sec-CH-DPR',
      'DPR',
    ]);
  });

  it.each([
    ['NaN', 'NaN'],
    ['negative', '-2'],
    ['zero', '0'],
    ['exponent', '1e3'],
    ['text', 'two'],
  ])('ignores a %s hint', (_name, value) => {
    expect(plan('w-auto,dpr-auto', { 'sec-ch-dpr': value, 'sec-ch-width': value }).steps).toEqual([
      { width: 'auto', dpr: 'auto' },
    ]);
  });

  it('clamps huge hints to the endpoint maximum and the dpr range, never a failure', () => {
    expect(plan('w-auto', { 'sec-ch-width': '999999' }).steps).toEqual([{ width: 8192 }]);
    expect(plan('w-10,dpr-auto', { 'sec-ch-dpr': '40' }).steps).toEqual([{ width: 10, dpr: 5 }]);
  });

  it('a URL without auto does not depend on hints', () => {
    expect(plan('w-100,dpr-2', { 'sec-ch-dpr': '3', 'sec-ch-width': '900' })).toEqual({
      steps: [{ width: 100, dpr: 2 }],
      contentDpr: undefined,
      qualityCap: undefined,
      vary: [],
    });
  });
});

describe('data saver and device limits', () => {
  const saving = endpointSettingsSchema.parse({ saveData: { quality: 40 } });
  const limited = endpointSettingsSchema.parse({
    deviceLimits: {
      mobile: { maxWidth: 1000, maxHeight: 1000 },
      desktop: { maxWidth: 2000, maxHeight: 2000 },
    },
  });

  it('Save-Data: on caps the quality only where the endpoint opts in', () => {
    expect(plan('w-10', { 'save-data': 'on' }, saving)).toMatchObject({
      qualityCap: 40,
      vary: ['Save-Data'],
    });
    expect(plan('w-10', { 'save-data': 'On' }, saving).qualityCap).toBe(40);
    expect(plan('w-10', {}, saving)).toMatchObject({ qualityCap: undefined, vary: ['Save-Data'] });
    expect(plan('w-10', { 'save-data': 'on' })).toMatchObject({ qualityCap: undefined, vary: [] });
  });

  it('appends a shrink-only step for the device class the edge named', () => {
    expect(plan('w-3000', { 'x-imgfront-device': 'mobile' }, limited).steps).toEqual([
      { width: 3000 },
      { width: 1000, height: 1000, crop: 'at_max' },
    ]);
    expect(plan('w-3000', { 'x-imgfront-device': 'tablet' }, limited).steps).toEqual([{ width: 3000 }]);
    expect(plan('w-3000', { 'x-imgfront-device': 'toaster' }, limited).steps).toEqual([{ width: 3000 }]);
    expect(plan('w-3000', { 'x-imgfront-device': 'mobile' }).steps).toEqual([{ width: 3000 }]);
  });
});
