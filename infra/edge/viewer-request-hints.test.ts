import { DEVICE_CLASS_HEADER } from '../../shared/http/viewer-hints';
import { CACHE_KEY_HEADERS } from './cache-behavior';
import { loadViewerRequestHandler } from './viewer-request-file';

const run = (uri: string, headers: Record<string, string>, deviceEndpoints: string[] = []) => {
  const handler = loadViewerRequestHandler(deviceEndpoints);
  const [path = '/', query] = uri.split('?');
  const request = handler({
    request: {
      method: 'GET',
      uri: path,
      querystring: query ? { tr: { value: query.replace(/^tr=/, '') } } : {},
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { value }])),
    },
  });
  // What the cache policy keys on, besides the URL.
  const keyed = CACHE_KEY_HEADERS.map((name) => name.toLowerCase()).filter((name) => name !== 'accept');
  return Object.fromEntries(
    keyed.flatMap((name) => (request.headers[name] ? [[name, request.headers[name].value]] : [])),
  );
};

describe('viewer-request function and client hints', () => {
  it('buckets DPR up to a small set and widths up to the next 100, for auto URLs only', () => {
    expect(run('/shop/tr:w-auto,dpr-auto/a.jpg', { 'sec-ch-dpr': '2.625', 'sec-ch-width': '212' })).toEqual({
      'sec-ch-dpr': '3',
      'sec-ch-width': '300',
    });
    expect(
      run('/shop/a.jpg?tr=w-100,dpr-auto', { dpr: '1.25', width: '1', 'sec-ch-viewport-width': '390' }),
    ).toEqual({
      'sec-ch-dpr': '1.5',
      'sec-ch-width': '100',
      'sec-ch-viewport-width': '400',
    });
    expect(run('/shop/tr:w-100/a.jpg', { 'sec-ch-dpr': '2', 'sec-ch-width': '212' })).toEqual({});
    expect(run('/shop/a.jpg', { 'sec-ch-dpr': '2' })).toEqual({});
  });

  it.each(['NaN', '-2', '0', 'two', '1e9'])('drops a bad hint %s instead of keying on it', (value) => {
    expect(run('/shop/tr:w-auto,dpr-auto/a.jpg', { 'sec-ch-dpr': value, 'sec-ch-width': value })).toEqual({});
  });

  it('keys on Save-Data only when the viewer says on', () => {
    expect(run('/shop/a.jpg', { 'save-data': ' ON ' })).toEqual({ 'save-data': 'on' });
    expect(run('/shop/a.jpg', { 'save-data': 'off' })).toEqual({});
  });

  it('names one device class, only for endpoints with device limits', () => {
    const tablet = { 'cloudfront-is-mobile-viewer': 'true', 'cloudfront-is-tablet-viewer': 'true' };
    expect(run('/shop/a.jpg', tablet, ['shop'])).toEqual({ [DEVICE_CLASS_HEADER]: 'tablet' });
    expect(run('/shop/a.jpg', { 'cloudfront-is-mobile-viewer': 'true' }, ['shop'])).toEqual({
      [DEVICE_CLASS_HEADER]: 'mobile',
    });
    expect(run('/shop/a.jpg', { 'cloudfront-is-desktop-viewer': 'true' }, ['shop'])).toEqual({
      [DEVICE_CLASS_HEADER]: 'desktop',
    });
    expect(run('/blog/a.jpg', tablet, ['shop'])).toEqual({});
    // A viewer cannot pick its own class.
    expect(run('/blog/a.jpg', { [DEVICE_CLASS_HEADER]: 'desktop' }, ['shop'])).toEqual({});
  });
});
