import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageError } from '../../shared/errors/image-error';
import { diffDocuments, formatChanges } from './endpoint-diff';
import { readEndpointFile } from './endpoint-file';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'imgfront-endpoint-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problemsIn(text: string): Promise<string> {
  const file = join(dir, 'endpoint.json');
  writeFileSync(file, text);
  const failure = await readEndpointFile(file).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ImageError);
  return (failure as ImageError).message;
}

describe('reading an endpoint file', () => {
  it('returns the endpoint with every default filled in', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, '{ "id": "ok", "origins": [{ "type": "s3", "bucket": "ok-bucket" }] }');
    expect(await readEndpointFile(file)).toMatchObject({
      id: 'ok',
      isDefault: false,
      origins: [{ bucket: 'ok-bucket', prefix: '' }],
      settings: { defaultQuality: 80 },
    });
  });

  it.each([
    [
      'a field deep in an array',
      '{\n  "id": "x",\n  "origins": [\n    { "type": "s3", "bucket": "ok-bucket" },\n    {\n      "type": "web",\n      "baseUrl": "ftp://x/"\n    }\n  ]\n}',
      'origins.1.baseUrl (line 7)',
    ],
    ['a missing field, at its parent', '{\n  "id": "x"\n}', 'origins (line 1)'],
    ['a string key with escapes', '{ "id": "x\\"y",\n "origins": [] }', 'id (line 1)'],
    [
      'a setting of the wrong type',
      '{ "id": "x",\n "origins": [{ "type": "s3", "bucket": "ok-bucket" }],\n "settings": {\n\n "avif": "yes" } }',
      'settings.avif (line 5)',
    ],
  ])('names %s and its line', async (_case, text, expected) => {
    expect(await problemsIn(text)).toContain(expected);
  });

  it.each(['products.json', 'broken.json'])('accepts the README example %s', async (name) => {
    expect((await readEndpointFile(join(__dirname, '..', 'examples', name))).origins.length).toBeGreaterThan(
      0,
    );
  });

  it('gives the line of a JSON syntax error', async () => {
    expect(await problemsIn('{\n  "id": "x",\n  "origins": [],\n}')).toMatch(/line 4 is not valid JSON/);
  });
});

describe('the endpoint diff', () => {
  it('lists changed, added and removed fields by path', () => {
    const before = { id: 'a', origins: [{ bucket: 'one', prefix: '' }], settings: { avif: true } };
    const after = { id: 'a', origins: [{ bucket: 'two', prefix: '' }, { bucket: 'three' }], settings: {} };
    expect(formatChanges(diffDocuments(before, after)).split('\n')).toEqual([
      '~ origins.0.bucket: "one" -> "two"',
      '+ origins.1.bucket: "three"',
      '+ settings: {}',
      '- settings.avif: true',
    ]);
  });

  it('finds nothing between equal documents', () => {
    expect(diffDocuments({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});
