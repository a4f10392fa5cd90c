import { parseChain } from './chain';
import type { DialectName } from './dialects/names';
import { endpointFileUrl, type EndpointUrlTarget } from './endpoint-file-url';

const BASE = 'https://img.example.com/';
const endpoint = (dialect: DialectName, required = false): EndpointUrlTarget => ({
  id: `demo-${dialect}`,
  settings: { dialect, signing: { required } },
});

describe('the URL of an endpoint file', () => {
  it.each([
    ['imagekit', 'https://img.example.com/demo-imagekit/photos/a.jpg?tr=w-300,h-200'],
    ['imgix', 'https://img.example.com/demo-imgix/photos/a.jpg?w=300&h=200&fit=crop'],
    ['thumbor', 'https://img.example.com/demo-thumbor/unsafe/300x200/photos/a.jpg'],
    [
      'cloudinary',
      'https://img.example.com/demo-cloudinary/imgfront/image/upload/w_300,h_200,c_fill/photos/a',
    ],
  ] as const)('is written in a %s endpoint’s own dialect', (dialect, url) => {
    expect(
      endpointFileUrl(BASE, endpoint(dialect), 'photos/a.jpg', { steps: parseChain('w-300,h-200') }),
    ).toEqual({
      url,
    });
  });

  it('names what the endpoint’s dialect cannot express', () => {
    expect(
      endpointFileUrl(BASE, endpoint('thumbor'), 'a.jpg', { steps: parseChain('w-300,rt-45,e-shadow') }),
    ).toEqual({
      unsupported: 'not expressible in thumbor: rt-45, e-shadow-bl-10_st-30_x-2_y-2',
    });
  });

  it('is the original itself without steps, and refuses signatures of other vendors', () => {
    expect(endpointFileUrl(BASE, endpoint('thumbor'), 'a b.jpg')).toEqual({
      url: 'https://img.example.com/demo-thumbor/unsafe/a%20b.jpg',
    });
    expect(endpointFileUrl(BASE, endpoint('imgix', true), 'a.jpg')).toEqual({
      unsupported: 'it requires imgix signatures, which the CLI does not write',
    });
  });
});
