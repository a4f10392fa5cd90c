import { endpointSettingsSchema } from '../registry/endpoint-schema';
import { parseChain } from '../url/chain';
import { planOutput } from './output-plan';
import type { SourceInfo } from './source-info';

const AVIF_ACCEPT = 'image/avif,image/webp,*/*';
const settings = endpointSettingsSchema.parse({});
const source = (width: number, height: number): SourceInfo => ({
  format: 'jpeg',
  width,
  height,
  frames: 1,
  hasAlpha: false,
  hasIccProfile: false,
});
const formatFor = (chain: string, width: number, height: number) =>
  planOutput(parseChain(chain), source(width, height), AVIF_ACCEPT, settings).format;

describe('the output plan sees expressions and if blocks at their true size', () => {
  it.each([
    ['w-iw_mul_3', 2000, 2000, 'webp'], // 6000x6000: too large for AVIF, though the original is not
    ['w-iw_div_2', 2000, 2000, 'avif'],
    ['if-iw_gt_1000,w-iw_mul_3,if-end', 2000, 2000, 'webp'],
    ['if-iw_gt_1000,w-iw_mul_3,if-end', 1000, 1000, 'avif'], // false branch: stays 1000x1000
    ['if-iw_gt_1000,w-10,if-else,w-5000,h-5000,c-force,if-end', 1000, 1000, 'webp'],
  ])('%s on %dx%d negotiates %s', (chain, width, height, format) => {
    expect(formatFor(chain, width, height)).toBe(format);
  });
});
