import type { CommandDescriptor } from './command';

/** Every command, in the order `imgfront --help` lists them. */
export const COMMANDS: readonly CommandDescriptor[] = [
  {
    words: ['endpoint', 'put'],
    usage: 'endpoint put <file.yaml | file.json> [--yes]',
    summary:
      'Create or update an endpoint from a YAML or JSON file; shows a diff and asks before overwriting.',
    options: ['-y, --yes   overwrite without asking (required off a terminal and in CI)'],
    load: () => import('./endpoint-put'),
  },
  {
    words: ['endpoint', 'get'],
    usage: 'endpoint get <id>',
    summary: 'Print one endpoint, every default explicit.',
    options: [],
    load: () => import('./endpoint-get'),
  },
  {
    words: ['endpoint', 'list'],
    usage: 'endpoint list',
    summary: 'List endpoints with their origins; invalid items are listed with the field at fault.',
    options: [],
    load: () => import('./endpoint-list'),
  },
  {
    words: ['endpoint', 'delete'],
    usage: 'endpoint delete <id> [--yes]',
    summary: 'Delete an endpoint (and the default pointer when it is the default).',
    options: ['-y, --yes   delete without asking (required off a terminal and in CI)'],
    load: () => import('./endpoint-delete'),
  },
  {
    words: ['purge', 'status'],
    usage: 'purge status <purge-id>',
    summary: "A purge's state: Queued, InProgress or Completed.",
    options: [],
    load: () => import('./purge-status'),
  },
  {
    words: ['purge'],
    usage: 'purge <url | endpoint/path>... [--wait] [--timeout 15m]',
    summary: 'Purge every cached transformation of originals; a trailing * purges a folder.',
    options: [
      '--wait           poll until CloudFront reports the purge complete',
      '--timeout <d>    give up waiting after this long (default 15m)',
    ],
    load: () => import('./purge'),
  },
  {
    words: ['versions'],
    usage: 'versions <endpoint>/<path>',
    summary: 'The recorded version history of an original, newest first, per S3 origin.',
    options: [],
    load: () => import('./versions'),
  },
  {
    words: ['url'],
    usage:
      'url <endpoint>/<path> [--tr w-400,h-300] [--versioned] [--sign] [--key <k> | --key-ref ssm:/name] [--expires 1h]',
    summary: 'Print the canonical URL of an image, optionally versioned and signed.',
    options: [
      '--tr <chain>        transformations, ImageKit syntax (steps joined by ":")',
      "--versioned         add updatedAt= from the registry's current version of the original",
      "--sign              sign with the endpoint's first signing key (read from SSM/Secrets Manager)",
      '--key <value>       sign with this key (use for --local)',
      '--key-ref <ref>     sign with the key at ssm:<name> or secretsmanager:<id>',
      '--expires <d>       signed URL lifetime: 90s, 15m, 1h, 7d',
    ],
    load: () => import('./url'),
  },
  {
    words: ['explain'],
    usage: 'explain <url | endpoint/path> [--accept <header>] [--key-ref ssm:/imgfront/...] [--expires 5m]',
    summary:
      'Why the service answers a URL as it does: endpoint, origins tried, chain, format, quality, limits, ' +
      'cache key, version, Cache-Control and timings (a signed imgfront-explain request).',
    options: [
      "--accept <header>   the Accept header sent (default: a current browser's)",
      "--key-ref <ref>     the explain key's reference (default: IMGFRONT_EXPLAIN_KEY_REF, or the local stack's)",
      '--expires <d>       token lifetime, at most 1h (default 5m)',
    ],
    load: () => import('./explain'),
  },
  {
    words: ['secret', 'put'],
    usage: 'secret put <ssm:/imgfront/... | secretsmanager:imgfront/...> (--value <value> | --generate)',
    summary:
      'Store a signing key: an SSM SecureString or a Secrets Manager secret (with --local, the running npm start stack).',
    options: [
      '--value <value>   the key to store (never printed back)',
      '--generate        store 32 random bytes (base64url) and print them once',
    ],
    load: () => import('./secret-put'),
  },
  {
    words: ['upload'],
    usage:
      'upload <dir> --endpoint <id> [--prefix p/] [--concurrency 8] [--retries 2] [--multipart-threshold 16MiB]',
    summary:
      "Upload a folder to the endpoint's first S3 origin; files whose MD5 already matches are skipped.",
    options: [
      '--endpoint <id>               the endpoint whose first S3 origin receives the files',
      '--prefix <p/>                 key prefix inside the endpoint (after the origin prefix)',
      '--concurrency <n>             parallel uploads (default 8)',
      '--retries <n>                 extra attempts for a failing file (default 2)',
      '--multipart-threshold <size>  files larger than this go up in parts of 5-8 MiB (default 16MiB,',
      '                              at least 5MiB); every upload stores its MD5 as x-amz-meta-imgfront-md5',
    ],
    load: () => import('./upload'),
  },
  {
    words: ['doctor'],
    usage: 'doctor [<endpoint> [path]]',
    summary:
      'With an endpoint: fetch a sample from every origin as the service would; report status, latency, ' +
      'type and the likely fix. Without: prove the deployed stack end to end (direct calls refused, a ' +
      'sample served through each endpoint, an overwrite purged, metrics arriving).',
    options: [
      '--timeout <duration>     how long to wait for the purge and the metrics (default 15m; 30s with --local)',
      '--function-url <url>     the transform function URL (default: the stack output TransformFunctionUrl)',
    ],
    load: () => import('./doctor'),
  },
  {
    words: ['serve'],
    usage:
      'serve (--endpoint <id> --web-origin <url>... | --endpoints <file>...) [--port 3000] [--host 127.0.0.1]',
    summary:
      'Run the transform service as a plain HTTP server (no Lambda, no registry table) until SIGINT/SIGTERM.',
    options: [
      '--endpoint <id>      serve one endpoint with this id, whose origins are the --web-origin URLs',
      '--web-origin <url>   a web folder origin of --endpoint; repeat to fall back in order',
      '--endpoints <file>   an endpoint file as `endpoint put` reads (YAML or JSON); repeatable',
      '-p, --port <n>       port to listen on, 0 for any free one (default 3000)',
      '--host <address>     address to listen on (default 127.0.0.1; 0.0.0.0 behind a CDN or in a container)',
      'The IMGFRONT_* limits apply; originals are cached in memory (IMGFRONT_ORIGINALS_CACHE_MB, default 128).',
    ],
    load: () => import('./serve'),
  },
  {
    words: ['stats'],
    usage: 'stats [endpoint] [--since 24h]',
    summary:
      'Requests, errors by code, p99 latency, bytes out and the CDN hit ratio: from CloudWatch, or with ' +
      "--local from the local stack's counters.",
    options: [
      '--since <d>   the window, ending now: 90s, 15m, 24h, 7d (default 24h)',
      "              the hit ratio is CloudFront's CacheHitRate for the whole distribution (needs --stage)",
    ],
    load: () => import('./stats'),
  },
  {
    words: ['analyze'],
    usage: 'analyze <page-url> [--endpoint <id>]',
    summary:
      'Fetch a web page, list its images (size, format, dimensions, rendered size) and what imgfront would ' +
      'serve for each through the CDN (format, width, bytes), with the total saving.',
    options: [
      "--endpoint <id>   map images under this endpoint's web origins to imgfront URLs, resized to the",
      '                  width the markup renders them at (images already on the CDN are compared as they are)',
    ],
    load: () => import('./analyze'),
  },
];

/** The command the arguments name (the longest matching words), and the arguments after them. */
export function findCommand(
  argv: readonly string[],
): { command: CommandDescriptor; rest: readonly string[] } | undefined {
  const matches = COMMANDS.filter((command) => command.words.every((word, index) => argv[index] === word));
  const command = matches.sort((a, b) => b.words.length - a.words.length)[0];
  return command && { command, rest: argv.slice(command.words.length) };
}
