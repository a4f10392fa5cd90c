import { endpointSettingsSchema } from '../registry/endpoint-schema';
import { parseChain, serializeChain } from '../url/chain';
import { expandNamed } from './expand-named';

const settings = endpointSettingsSchema.parse({
  namedTransformations: {
    half: 'w-iw_div_2',
    square: 'w-100,h-100',
    orient: 'if-ar_gt_1,w-200,if-else,w-300,if-end',
  },
});
const expanded = (chain: string) => serializeChain(expandNamed(parseChain(chain), settings));

describe('named transformations with expressions and if blocks', () => {
  it.each([
    ['n-half', 'w-iw_div_2'],
    ['n-half,h-ih_div_2', 'w-iw_div_2,h-ih_div_2'], // both expressions kept
    ['n-half,w-50', 'w-50'], // a value beside n- replaces the named expression
    ['n-square,w-iw_div_2', 'w-iw_div_2,h-100'], // an expression beside n- replaces the named value
    ['n-orient', 'if-ar_gt_1,w-200,if-else,w-300,if-end'],
    ['n-orient,rt-90', 'if-ar_gt_1,w-200,rt-90,if-else,w-300,rt-90,if-end'], // into both branches, not lost
  ])('%s expands to %s', (chain, result) => {
    expect(expanded(chain)).toBe(result);
  });
});
