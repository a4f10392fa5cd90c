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

async function problemsIn(text: string, name = 'endpoint.json'): Promise<string> {
  const file = join(dir, name);
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

  it.each(['products.json', 'products.yaml', 'broken.json'])(
    'accepts the README example %s',
    async (name) => {
      expect(
        (await readEndpointFile(join(__dirname, '..', 'examples', name))).origins.length,
      ).toBeGreaterThan(0);
    },
  );

  it('gives the line of a JSON syntax error', async () => {
    expect(await problemsIn('{\n  "id": "x",\n  "origins": [],\n}')).toMatch(/line 4 is not valid JSON/);
  });
});

describe('reading a YAML endpoint file', () => {
  const yamlProblems = (text: string) => problemsIn(text, 'endpoint.yaml');

  it('reads the same endpoint as its JSON twin', async () => {
    const examples = join(__dirname, '..', 'examples');
    expect(await readEndpointFile(join(examples, 'products.yaml'))).toEqual(
      await readEndpointFile(join(examples, 'products.json')),
    );
  });

  it('reads .yml files as YAML too', async () => {
    const file = join(dir, 'short.YML');
    writeFileSync(file, 'id: short\norigins: [{ type: s3, bucket: ok-bucket }]\n');
    expect(await readEndpointFile(file)).toMatchObject({ id: 'short', origins: [{ bucket: 'ok-bucket' }] });
  });

  it.each([
    [
      'a bad field in a list item',
      '# comment\nid: x\norigins:\n  - type: s3\n    bucket: Not_A_Bucket\n',
      'origins.0.bucket (line 5): must be a valid S3 bucket name',
    ],
    [
      'a field of a nested mapping, at its key',
      'id: x\norigins:\n  - type: s3\n    bucket: ok-bucket\nsettings:\n  defaultQuality: 80\n  avif: yes\n',
      'settings.avif (line 7)',
    ],
    ['a missing field, at its parent', 'id: x\n', 'origins (line 1)'],
    ['a whole list item of the wrong kind', 'id: x\norigins:\n  - s3\n', 'origins.0 (line 3)'],
    ['an empty file, at the root', '', '(root) (line 1)'],
  ])('names %s and its line', async (_case, text, expected) => {
    expect(await yamlProblems(text)).toContain(expected);
  });

  it('lists every problem, each with its line', async () => {
    const text = 'id: "x/y"\norigins:\n  - type: web\n    baseUrl: ftp://x/\n';
    expect((await yamlProblems(text)).split('\n').slice(1)).toEqual([
      '  id (line 1): must be 1-64 letters, digits, "_", "-" or "."',
      '  origins.0.baseUrl (line 4): must be an http or https URL',
    ]);
  });

  it.each([
    ['a syntax error', 'id: x\norigins: [\n', /endpoint\.yaml line 3 is not valid YAML/],
    ['a duplicate key', 'id: x\nid: y\n', /line 2 is not valid YAML: Map keys must be unique/],
    ['two documents', 'id: x\n---\nid: y\n', /line 2 is not valid YAML: an endpoint file holds one document/],
    ['a custom tag', 'id: !secret x\n', /line 1 is not valid YAML: tags .* are not supported/],
    ['a YAML 1.1 tag', 'id: !!binary eA==\n', /line 1 is not valid YAML: tags .* are not supported/],
    ['a collection as a key', '? [a, b]\n: 1\n', /line 1 is not valid YAML/],
    [
      'an alias',
      'id: &name x\norigins:\n  - type: s3\n    bucket: *name\n',
      /line 4: aliases \(\*name\) are not supported/,
    ],
    ['a merge key', 'id: x\n<<: { isDefault: true }\n', /line 2: merge keys \(<<\) are not supported/],
  ])('refuses %s, naming the line', async (_case, text, expected) => {
    expect(await yamlProblems(text)).toMatch(expected);
  });

  it('refuses an alias bomb at once, without expanding it', async () => {
    const levels = Array.from({ length: 30 }, (_, level) =>
      level === 0
        ? 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'
        : `a${level}: &a${level} [${`*a${level - 1}, `.repeat(9)}*a${level - 1}]`,
    );
    expect(await yamlProblems(`${levels.join('\n')}\n`)).toMatch(
      /line 2: aliases \(\*a0\) are not supported/,
    );
  });

  it('keeps YAML 1.1 booleans as strings, so the schema names them (no Norway problem)', async () => {
    const text = 'id: x\norigins:\n  - type: s3\n    bucket: ok-bucket\n    forcePathStyle: on\n';
    expect(await yamlProblems(text)).toContain('origins.0.forcePathStyle (line 5)');
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
