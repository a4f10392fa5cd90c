import { cloudinaryDialect } from '../../shared/url/dialects/cloudinary';
import type { Dialect } from '../../shared/url/dialects/dialect';
import { imagekitDialect } from '../../shared/url/dialects/imagekit';
import { imgixDialect } from '../../shared/url/dialects/imgix';
import { thumborDialect } from '../../shared/url/dialects/thumbor';
import { loadViewerRequestHandler, type EdgeQueryEntry, type EdgeRequest } from './viewer-request-file';

const runHandler = loadViewerRequestHandler();

/** The event CloudFront passes for a viewer URL: query values still as the viewer sent them. */
function viewerRequest(url: string): EdgeRequest {
  const [uri = '', query = ''] = url.split(/\?(.*)/s);
  const querystring: Record<string, EdgeQueryEntry> = {};
  for (const pair of query.split('&').filter(Boolean)) {
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    const existing = querystring[name];
    if (!existing) querystring[name] = { value };
    else existing.multiValue = [...(existing.multiValue ?? [{ value: existing.value }]), { value }];
  }
  return { method: 'GET', uri, querystring, headers: {} };
}

/** The request target CloudFront sends to the origin after the function ran. */
function originTarget(url: string): { rawPath: string; rawQueryString: string } {
  const request = runHandler({ request: viewerRequest(url) });
  const rawQueryString = Object.entries(request.querystring)
    .flatMap(([name, entry]) => (entry.multiValue ?? [entry]).map((item) => `${name}=${item.value}`))
    .join('&');
  return { rawPath: request.uri, rawQueryString };
}

/** What a dialect reads from a target on endpoint `ep` (the endpoint segment split off as the router does). */
function meaning(dialect: Dialect, { rawPath, rawQueryString }: { rawPath: string; rawQueryString: string }) {
  const slash = rawPath.indexOf('/', 1);
  return dialect.parse({
    endpointSegment: rawPath.slice(1, slash),
    rawPath: rawPath.slice(slash),
    rawQueryString,
  });
}

const asSent = (url: string) => {
  const [rawPath = '', rawQueryString = ''] = url.split(/\?(.*)/s);
  return { rawPath, rawQueryString };
};

describe('the viewer-request function and the other dialects', () => {
  it.each<[string, Dialect, string]>([
    [
      'imgix, signed',
      imgixDialect,
      '/ep/users/a@2x.png?w=400&fit=crop&crop=top,left&s=6797c24146142d5b40bde3141fd3600c',
    ],
    [
      'imgix, unsigned, parameters in any order',
      imgixDialect,
      '/ep/a.jpg?fit=crop&w=100&h=100&auto=format,compress',
    ],
    [
      'Thumbor, signed',
      thumborDialect,
      '/ep/8ammJH8D-7tXy6kU3lTvoXlhu4o=/300x200/my.server.com/some/path/to/image.jpg',
    ],
    [
      'Thumbor, filters',
      thumborDialect,
      '/ep/unsafe/fit-in/300x200/filters:fill(blue):quality(80)/a,b@2x.jpg',
    ],
    [
      'Cloudinary, signed',
      cloudinaryDialect,
      '/ep/test123/image/upload/s--Ai4Znfl3--/c_crop,h_20,w_10/v1234/image.jpg',
    ],
    [
      'Cloudinary, colours and ratios',
      cloudinaryDialect,
      '/ep/demo/image/upload/c_pad,b_rgb:ff0000,ar_16:9,w_300/a.jpg',
    ],
    [
      'ImageKit, signed over the raw target',
      imagekitDialect,
      '/ep/tr:w-300,h-200/sdk/a@2x.png?version=2.0&ik-s=dd1ee8f83d019bc59fd57a5fc4674a11eb8a3496',
    ],
  ])('%s: the origin reads what the viewer sent, signature text included', (_case, dialect, url) => {
    expect(meaning(dialect, originTarget(url))).toEqual(meaning(dialect, asSent(url)));
  });

  it('passes signed and Thumbor/Cloudinary URLs byte for byte', () => {
    for (const url of [
      '/ep/unsafe/300x200/a%2Cb.jpg',
      '/ep/demo/image/upload/w_10/a.jpg',
      '/ep/tr:w-1/a.jpg?ik-s=ab&utm_source=x',
      '/ep/a@2x.jpg?w=1&s=ff',
    ]) {
      const { rawPath, rawQueryString } = originTarget(url);
      expect(rawQueryString ? `${rawPath}?${rawQueryString}` : rawPath).toBe(url);
    }
  });

  it('re-encodes an unsigned imgix path the way purge paths are written, keeping every parameter', () => {
    expect(originTarget('/ep/a@2x.jpg?w=100&utm_source=x')).toEqual({
      rawPath: '/ep/a%402x.jpg',
      rawQueryString: 'w=100&utm_source=x',
    });
  });

  it("keeps no query on Cloudflare's route and only url, w and q (in that order) on Next's", () => {
    expect(originTarget('/cdn-cgi/image/width=80,quality=75/uploads/a@2x.jpg?x=1')).toEqual({
      rawPath: '/cdn-cgi/image/width=80,quality=75/uploads/a@2x.jpg',
      rawQueryString: '',
    });
    expect(originTarget('/_next/image?q=75&utm=1&w=640&url=%2Fa.jpg')).toEqual({
      rawPath: '/_next/image',
      rawQueryString: 'url=%2Fa.jpg&w=640&q=75',
    });
    expect(originTarget('/_next/image?url=/a+b,c.jpg&w=640&q=75').rawQueryString).toBe(
      'url=%2Fa%20b%2Cc.jpg&w=640&q=75',
    );
    // Repeated stays repeated, so Next's '"w" parameter (width) cannot be an array' still answers.
    expect(originTarget('/_next/image?url=%2Fa.jpg&w=640&w=750&q=75').rawQueryString).toBe(
      'url=%2Fa.jpg&w=640&w=750&q=75',
    );
  });

  it('still rewrites ImageKit URLs without a signature (the purge prefix comes first)', () => {
    expect(originTarget('/ep/tr:w-400,h-300/a@2x.jpg?utm_source=x')).toEqual({
      rawPath: '/ep/a%402x.jpg',
      rawQueryString: 'tr=h-300,w-400',
    });
  });
});
