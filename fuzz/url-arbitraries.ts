import fc from 'fast-check';
import { PARAMETER_VALUES, type ParameterValues } from './parameter-values';

/** One request the fuzzer sends: the request target as a client would put it on the wire. */
export interface RequestCase {
  family: string;
  method: string;
  /** Path and query, percent-encoded or not, exactly as sent. */
  target: string;
  accept: string;
}

/** Where URL cases point: endpoints with working originals behind them. */
export interface UrlTargets {
  endpoints: readonly string[];
  /** File paths (inside any endpoint above) that exist. */
  files: readonly string[];
}

type ValuePicker = (parameter: ParameterValues) => fc.Arbitrary<string | undefined>;

const validValue: ValuePicker = (parameter) => fc.constantFrom(...parameter.valid);

const boundaryValue: ValuePicker = (parameter) => {
  const edges = [...parameter.boundaryInside, ...parameter.boundaryOutside];
  return edges.length > 0 ? fc.constantFrom(...edges) : validValue(parameter);
};

/** Percent-encoding tricks that have walked other proxies out of their folders or past their parsers. */
const ENCODING_TRICKS = [
  '%2e%2e',
  '%2E%2E%2F',
  '%2f',
  '%5c',
  '%00',
  '%',
  '%zz',
  '%c0%ae%c0%ae',
  '%252e%252e',
  '%ff',
  '%e2%80%ae',
  '..',
  '.',
  '/',
  '//',
  '\\',
  '?',
  '#',
  '&',
  ':',
  ',',
];

const NUMERIC_JUNK = [
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  '0x10',
  '+5',
  '-5',
  '1.',
  '.',
  '0.',
  '١٢٣',
  '9'.repeat(400),
];

const controlCharacters = fc
  .array(
    fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
    { minLength: 1 },
  )
  .map((characters) => characters.join(''));

/** Long enough to pass every length cap in the parser (4,096 path, 1,024 chain characters). */
const overlong = fc
  .tuple(fc.constantFrom('a', '9', '%41', '-', ',', ':', 'é'), fc.integer({ min: 1_000, max: 20_000 }))
  .map(([unit, count]) => unit.repeat(count));

const junkText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  controlCharacters,
  fc.constantFrom(...ENCODING_TRICKS, ...NUMERIC_JUNK, '__proto__', 'constructor', 'toString'),
  overlong,
);

const junkValue: ValuePicker = () => junkText;

const parameter = fc.constantFrom(...PARAMETER_VALUES);

function token(pickValue: ValuePicker): fc.Arbitrary<string> {
  return parameter.chain((descriptor) =>
    pickValue(descriptor).map((value) =>
      value === undefined ? descriptor.key : `${descriptor.key}-${value}`,
    ),
  );
}

/** Steps of 1-4 tokens, 1-`maxSteps` steps; sometimes a token repeats within its step. */
function chain(pickToken: fc.Arbitrary<string>, maxSteps: number): fc.Arbitrary<string> {
  const step = fc
    .tuple(fc.array(pickToken, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([tokens, repeat]) =>
      (repeat && tokens[0] !== undefined ? [...tokens, tokens[0]] : tokens).join(','),
    );
  return fc.array(step, { minLength: 1, maxLength: maxSteps }).map((steps) => steps.join(':'));
}

/**
 * A layer holding `inner` tokens: an image from the endpoint's own files, a solid block, or text;
 * sometimes nested, sometimes left unclosed (an error the parser must name).
 */
function layer(files: readonly string[], inner: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const input = fc.oneof(
    fc.constantFrom(...files).map((file) => `l-image,i-${file.split('/').join('@@')}`),
    fc.constant('l-image,i-ik_canvas,w-50,h-20,bg-red'),
    fc.constantFrom('l-text,i-Sale 50%', 'l-text,i-x,fs-200,w-80', 'l-text,ie-PGI+PC9iPg=='),
  );
  const single = fc
    .tuple(input, fc.array(inner, { maxLength: 3 }), fc.constantFrom(',l-end', ',l-end', ''))
    .map(([head, tokens, end]) => [head, ...tokens].join(',') + end);
  return fc.oneof(
    { weight: 4, arbitrary: single },
    { weight: 1, arbitrary: fc.tuple(input, single).map(([outer, nested]) => `${outer},${nested},l-end`) },
  );
}

/** Valid chains of one or two steps, for requests whose interest lies in the original. */
export const validChain: fc.Arbitrary<string> = chain(token(validValue), 2);

/** How the chain text is put in the URL: as typed, encoded once (as a browser would), or twice. */
const encoding = fc.constantFrom<(text: string) => string>(
  (text) => text,
  encodeURIComponent,
  (text) => encodeURIComponent(encodeURIComponent(text)),
);

const method = fc.oneof(
  { weight: 18, arbitrary: fc.constant('GET') },
  { weight: 1, arbitrary: fc.constantFrom('HEAD', 'POST', 'OPTIONS') },
);
const accept = fc.constantFrom('', 'image/webp,*/*', 'image/avif,image/webp,*/*', '*/*', 'text/html');

/** The chain in the path (`tr:` after the endpoint), in `?tr=`, or (an error) in both. */
function placeChain(targets: UrlTargets, chainText: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .record({
      endpoint: fc.constantFrom(...targets.endpoints),
      file: fc.constantFrom(...targets.files),
      chain: chainText,
      encode: encoding,
      form: fc.constantFrom('path', 'query', 'both', 'query-twice'),
    })
    .map(({ endpoint, file, chain: text, encode, form }) => {
      const encoded = encode(text);
      switch (form) {
        case 'path':
          return `/${endpoint}/tr:${encoded}/${file}`;
        case 'query':
          return `/${endpoint}/${file}?tr=${encoded}`;
        case 'both':
          return `/${endpoint}/tr:${encoded}/${file}?tr=${encoded}`;
        default:
          return `/${endpoint}/${file}?tr=${encoded}&tr=w-10`;
      }
    });
}

function requestCase(family: string, target: fc.Arbitrary<string>): fc.Arbitrary<RequestCase> {
  return fc.record({ family: fc.constant(family), method, target, accept });
}

const PATH_SEGMENTS = fc.oneof(
  fc.constantFrom(...ENCODING_TRICKS, 'https:', 'http:', '', 'tr:w-10', 'tr:', 'caf%C3%A9.jpg', 'café.jpg'),
  junkText.map(encodeURIComponent),
  junkText,
);

/** Query parameters the dialect reads, and some it must ignore, with hostile values. */
const QUERY = fc
  .array(
    fc.tuple(
      fc.constantFrom('tr', 'updatedAt', 'v', 'ik-s', 'ik-t', '__proto__', 'x', ''),
      fc.oneof(junkText, fc.constantFrom('1700000000000', 'abc123', 'w-10', '0')),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&'));

/** Every family of URL cases, weighted towards the ones that reach the renderer. */
export function urlCases(targets: UrlTargets): fc.Arbitrary<RequestCase> {
  const endpoint = fc.constantFrom(...targets.endpoints, 'no-such-endpoint', '', '..', '%2e%2e');
  const mangledPath = fc
    .tuple(endpoint, fc.array(PATH_SEGMENTS, { minLength: 0, maxLength: 5 }), fc.option(QUERY))
    .map(
      ([first, segments, query]) => `/${[first, ...segments].join('/')}${query === null ? '' : `?${query}`}`,
    );
  return fc.oneof(
    { weight: 4, arbitrary: requestCase('url-valid', placeChain(targets, chain(token(validValue), 3))) },
    {
      weight: 3,
      arbitrary: requestCase('url-boundary', placeChain(targets, chain(token(boundaryValue), 2))),
    },
    { weight: 3, arbitrary: requestCase('url-junk', placeChain(targets, chain(token(junkValue), 2))) },
    { weight: 1, arbitrary: requestCase('url-junk', placeChain(targets, junkText)) },
    { weight: 1, arbitrary: requestCase('url-chained', placeChain(targets, chain(token(validValue), 12))) },
    { weight: 2, arbitrary: requestCase('url-path', mangledPath) },
    {
      weight: 2,
      arbitrary: requestCase(
        'url-layers',
        placeChain(
          targets,
          chain(
            fc.oneof(
              token(validValue),
              layer(targets.files, fc.oneof(token(validValue), token(boundaryValue))),
            ),
            2,
          ),
        ),
      ),
    },
  );
}
