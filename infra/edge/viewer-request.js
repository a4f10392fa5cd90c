// CloudFront Functions viewer-request handler (runtime cloudfront-js-2.0, 10 KB limit).
// Normalises the URL and the Accept header so the cache key holds only what changes the output:
// - ImageKit's path form `/<endpoint>/tr:<chain>/<path>` (or `/tr:<chain>/<path>`) becomes
//   `<same path without the tr: segment>?tr=<chain>`, so every transformation of one original shares
//   the uri prefix and ONE invalidation path `/<endpoint>/<path>*` purges them all;
// - each path segment is re-encoded with encodeURIComponent, the encoding purge paths are written
//   in (browsers leave `@`, `+`, `,` or `(` as they are, which a purge path would not match);
// - the `tr` chain is canonicalised: inside each `:`-separated step the `,`-separated params are
//   sorted by their text, empty params and steps are dropped, step order is kept; a step holding a
//   layer or an if block (`l-...`, `if-...`) keeps its order, since there position is meaning;
// - only the query parameters the service reads survive, in a fixed order;
// - `Accept` becomes one of three format classes instead of the browser's raw header.
// The rewrite is ImageKit's: URLs of the other dialects pass as received (their signatures cover the
// raw target; see rawPass), Cloudflare's /cdn-cgi/image/ keeps no query, /_next/image keeps url, w, q.
// - ImageKit's SEO paths (`/<endpoint>/ik-seo/...`) may hold the chain after the marker too; it moves
//   to the query the same way, so `/<endpoint>/ik-seo/<dirs>/<stem>/*` purges every SEO name of a file;
// - client hints, Save-Data and the device class reach the cache key bucketed, and only where they
//   can change the output (hints for `w-auto`/`dpr-auto` chains, the device for DEVICE_ENDPOINTS).
// - endpoints with entries in the KeyValueStore (see shared/edge/edge-entries.ts) get their rules here,
//   before the cache: imgfront signatures are verified and then dropped from the cache key, allowed
//   widths rewrite `w`, and namedOnly / allowedParameters refuse with 400.
// Plain ES5-style JavaScript with async/await and the runtime's two modules; no Node APIs: the unit
// test runs this same file in a bare context, given stand-ins for `cloudfront` and `crypto`.
import cf from 'cloudfront';
import crypto from 'crypto';

var KEPT_PARAMS = ['tr', 'updatedAt', 'v', 'ik-s', 'ik-t', 'ik-attachment'];
var NEXT_PARAMS = ['url', 'w', 'q'];
// `imgfront explain`'s token: kept on every route (it is in the cache key), outside the dialects' rules.
var EXPLAIN_PARAM = 'imgfront-explain';
var CLOUDFLARE_PREFIX = '/cdn-cgi/image/';
var NEXT_IMAGE_PATH = '/_next/image';
// Thumbor's first segment (`unsafe` or a 28-character signature) and Cloudinary's `<cloud>/image/<type>`.
var THUMBOR_SEGMENT = /^(unsafe|[A-Za-z0-9_-]{27}(=|%3D))$/i;
var CLOUDINARY_TYPES = ['upload', 'fetch', 'private', 'authenticated'];
var PATH_TRANSFORM_PREFIX = 'tr:';
var SEO_SEGMENT = 'ik-seo';
var ACCEPT_AVIF = 'image/avif,image/webp,*/*';
var ACCEPT_WEBP = 'image/webp,*/*';
var ACCEPT_OTHER = '*/*';

function decodeOrNull(text) {
  try {
    return decodeURIComponent(text);
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the runtime's ES5 `catch` needs a binding.
  } catch (malformed) {
    return null;
  }
}

// One canonical encoding for every kept value; `,` and `:` stay readable in logs and cache keys.
function encodeValue(text) {
  return encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3A/g, ':');
}

function canonicalChain(chain) {
  var steps = [];
  var rawSteps = chain.split(':');
  for (var i = 0; i < rawSteps.length; i++) {
    var params = rawSteps[i].split(',').filter(function (param) {
      return param !== '';
    });
    var positional = params.some(function (param) {
      return /^(l|if)-/.test(param);
    });
    if (params.length > 0) steps.push((positional ? params : params.sort()).join(','));
  }
  return steps.join(':');
}

// Query values arrive as the viewer sent them; decode the way the service's URLSearchParams does.
function canonicalQueryValue(name, raw) {
  var decoded = decodeOrNull(raw.replace(/\+/g, ' '));
  if (decoded === null) return raw;
  return encodeValue(name === 'tr' ? canonicalChain(decoded) : decoded);
}

function keptQuery(querystring) {
  var byLowerName = {};
  for (var name in querystring) {
    byLowerName[name.toLowerCase()] = querystring[name];
  }
  var kept = {};
  for (var i = 0; i < KEPT_PARAMS.length; i++) {
    var canonicalName = KEPT_PARAMS[i];
    var entry = byLowerName[canonicalName.toLowerCase()];
    if (!entry) continue;
    var values = (entry.multiValue || [entry]).map(function (item) {
      return canonicalQueryValue(canonicalName, item.value || '');
    });
    // A repeated parameter is kept repeated so the service still refuses it.
    var nonEmpty = values.filter(function (value) {
      return value !== '';
    });
    if (nonEmpty.length === 0) continue;
    kept[canonicalName] =
      nonEmpty.length === 1
        ? { value: nonEmpty[0] }
        : {
            value: nonEmpty[0],
            multiValue: nonEmpty.map(function (value) {
              return { value: value };
            }),
          };
  }
  return kept;
}

// Moves a path-form chain (first or second segment, as the service's parser allows) into the query.
function movePathChainToQuery(request) {
  if (request.querystring.tr) return;
  var segments = request.uri.split('/');
  for (var index = 1; index <= 3 && index < segments.length; index++) {
    var segment = segments[index];
    if (!isPathTransform(segment, index, segments)) continue;
    var chain = decodeOrNull(segment.slice(PATH_TRANSFORM_PREFIX.length));
    if (chain === null) return;
    segments.splice(index, 1);
    request.uri = segments.join('/');
    var canonical = canonicalChain(chain);
    if (canonical === '') return;
    // `tr` goes first, where keptQuery puts a query-form chain, so both forms share one cache key.
    var kept = request.querystring;
    request.querystring = { tr: { value: encodeValue(canonical) } };
    for (var name in kept) request.querystring[name] = kept[name];
    return;
  }
}

// Where the service reads a path-form chain: after the endpoint, or right after an `ik-seo` there.
function isPathTransform(segment, index, segments) {
  if (segment.indexOf(PATH_TRANSFORM_PREFIX) !== 0) return false;
  return (index >= 1 && index <= 2) || (index === 3 && segments[2] === SEO_SEGMENT);
}

function canonicalSegment(segment, index, segments) {
  // A path-form chain left in place (the service refuses it) stays exactly as the viewer sent it.
  if (isPathTransform(segment, index, segments)) return segment;
  var decoded = decodeOrNull(segment);
  if (decoded === null) return segment;
  var encoded = encodeURIComponent(decoded);
  // A web-proxy path (`/<endpoint>/https://host/...`) keeps its scheme as the service reads it.
  return /^https?%3A$/i.test(encoded) ? decoded : encoded;
}

function canonicalUri(uri) {
  return uri.split('/').map(canonicalSegment).join('/');
}

function accepts(acceptHeader, mediaType) {
  var ranges = acceptHeader.toLowerCase().split(',');
  for (var i = 0; i < ranges.length; i++) {
    var parts = ranges[i].split(';');
    if (parts[0].trim() !== mediaType) continue;
    var refused = parts.slice(1).some(function (param) {
      return /^\s*q\s*=\s*0(\.0*)?\s*$/.test(param);
    });
    if (!refused) return true;
  }
  return false;
}

function acceptClass(headers) {
  var header = headers.accept;
  var value = header ? header.value || '' : '';
  if (accepts(value, 'image/avif')) return ACCEPT_AVIF;
  if (accepts(value, 'image/webp')) return ACCEPT_WEBP;
  return ACCEPT_OTHER;
}

function hasParam(querystring, wanted) {
  for (var name in querystring) if (name.toLowerCase() === wanted) return true;
  return false;
}

function hasForeignParam(querystring) {
  for (var name in querystring) {
    if (!hasKeptName(name)) return true;
  }
  return false;
}

function hasKeptName(name) {
  for (var i = 0; i < KEPT_PARAMS.length; i++)
    if (KEPT_PARAMS[i].toLowerCase() === name.toLowerCase()) return true;
  return false;
}

function isImageKit(request) {
  var segments = request.uri.split('/');
  for (var i = 1; i <= 3; i++) if (isPathTransform(segments[i] || '', i, segments)) return true;
  // `ik-seo` alone does not make a URL ImageKit's: an imgix endpoint may have a folder of that name.
  return hasParam(request.querystring, 'tr');
}

// Thumbor or Cloudinary URL shapes, at the endpoint's place or the default endpoint's.
function isOptionsFirst(uri) {
  var segments = uri.split('/');
  for (var i = 1; i <= 2; i++) {
    if (THUMBOR_SEGMENT.test(segments[i] || '')) return true;
    if (segments[i + 1] === 'image' && CLOUDINARY_TYPES.indexOf(segments[i + 2]) !== -1) return true;
  }
  return false;
}

// Next's parameters; `url` in the encoding next/image's loader uses, which purge paths are written in.
function nextQuery(querystring) {
  var kept = {};
  for (var i = 0; i < NEXT_PARAMS.length; i++) {
    var entry = querystring[NEXT_PARAMS[i]];
    if (entry)
      kept[NEXT_PARAMS[i]] =
        NEXT_PARAMS[i] === 'url' && !entry.multiValue ? { value: encodedUrl(entry.value) } : entry;
  }
  return kept;
}

function encodedUrl(raw) {
  var decoded = decodeOrNull(raw.replace(/\+/g, ' '));
  return decoded === null ? raw : encodeURIComponent(decoded);
}

// Whether the request passes as received: `ik-s` may sign the raw target (scheme imagekit), and
// Thumbor and Cloudinary sign or structure what the rewrite would re-encode.
function rawPass(request) {
  if (hasParam(request.querystring, 'ik-s')) return true;
  return !isImageKit(request) && isOptionsFirst(request.uri);
}

var HINTS = ['sec-ch-dpr', 'dpr', 'sec-ch-width', 'width', 'sec-ch-viewport-width', 'viewport-width'];
var DPRS = [1, 1.5, 2, 2.5, 3, 4, 5];
// Endpoints with `settings.deviceLimits`; the deployment writes the list (see viewer-request-file.ts).
var DEVICE_ENDPOINTS = [];

function hintNumber(headers, i) {
  var entry = headers[HINTS[i]] || headers[HINTS[i + 1]];
  var value = entry ? Number(entry.value) : NaN;
  return value > 0 && value < 1e5 ? value : 0;
}

function isTrue(headers, kind) {
  var entry = headers['cloudfront-is-' + kind + '-viewer'];
  return entry && entry.value === 'true';
}

// Tablets are mobile viewers too for CloudFront: tablet wins.
function deviceClass(request) {
  var h = request.headers;
  if (DEVICE_ENDPOINTS.indexOf(request.uri.split('/')[1]) < 0) return '';
  return isTrue(h, 'tablet')
    ? 'tablet'
    : isTrue(h, 'mobile')
      ? 'mobile'
      : isTrue(h, 'desktop')
        ? 'desktop'
        : '';
}

function hundreds(value) {
  return { value: String(Math.min(Math.ceil(value / 100) * 100, 10000)) };
}

function normaliseHints(request) {
  var h = request.headers;
  var tr = request.querystring.tr;
  var auto = tr && /(^|[,:])(w|dpr)-auto(,|:|$)/.test(tr.value);
  var dpr = hintNumber(h, 0);
  var width = hintNumber(h, 2);
  var viewport = hintNumber(h, 4);
  var saveData = /^\s*on\s*$/i.test(h['save-data'] ? h['save-data'].value : '');
  var device = deviceClass(request);
  for (var i = 0; i < HINTS.length; i++) delete h[HINTS[i]];
  delete h['save-data'];
  delete h['x-imgfront-device'];
  if (auto && dpr) {
    var bucket = 5;
    for (var d = DPRS.length - 1; d >= 0; d--) if (DPRS[d] >= dpr) bucket = DPRS[d];
    h['sec-ch-dpr'] = { value: String(bucket) };
  }
  if (auto && width) h['sec-ch-width'] = hundreds(width);
  if (auto && viewport) h['sec-ch-viewport-width'] = hundreds(viewport);
  if (saveData) h['save-data'] = { value: 'on' };
  if (device) h['x-imgfront-device'] = { value: device };
}

// The rewrite that makes the cache key; `handler` runs it after the endpoint's edge rules.
function normalise(event) {
  var request = event.request;
  request.querystring = request.querystring || {};
  var explain = request.querystring[EXPLAIN_PARAM];
  delete request.querystring[EXPLAIN_PARAM];
  if (request.uri.indexOf(CLOUDFLARE_PREFIX) === 0) request.querystring = {};
  else if (request.uri === NEXT_IMAGE_PATH) request.querystring = nextQuery(request.querystring);
  else if (rawPass(request)) {
    // As received: the signature or the grammar needs every byte.
  } else if (!isImageKit(request) && hasForeignParam(request.querystring)) {
    // imgix: every parameter counts; the path is re-encoded unless `s` signs it as sent.
    if (!hasParam(request.querystring, 's')) request.uri = canonicalUri(request.uri);
  } else {
    request.querystring = keptQuery(request.querystring);
    movePathChainToQuery(request);
    request.uri = canonicalUri(request.uri);
  }
  if (explain) request.querystring[EXPLAIN_PARAM] = explain;
  request.headers = request.headers || {};
  request.headers.accept = { value: acceptClass(request.headers) };
  normaliseHints(request);
  return request;
}

// Set only here, after deleting what the viewer sent: the Lambda skips its own signature check for
// the endpoint it names (see shared/edge/edge-verified.ts).
var EDGE_HEADER = 'x-imgfront-edge';
var kvs = cf.kvs();

async function read(key) {
  try {
    return await kvs.get(key);
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the runtime's ES5 `catch` needs a binding.
  } catch (missing) {
    return null;
  }
}

// The endpoint the service will route to: the first segment when it names one, else the default.
async function edgeEndpoint(uri) {
  var segments = uri.split('/');
  var id = segments.length > 2 ? decodeOrNull(segments[1]) : null;
  var entry = id === null ? null : await read('e:' + id);
  var named = entry !== null;
  if (!named) {
    id = await read('d');
    entry = id === null ? null : await read('e:' + id);
  }
  return entry === null ? null : { id: id, named: named, rules: JSON.parse(entry) };
}

function refusal(status, code, message) {
  return {
    statusCode: status,
    headers: {
      'content-type': { value: 'text/plain; charset=utf-8' },
      'x-imgfront-error': { value: code },
      'server-timing': { value: 'edge' },
      // Answers made here never reach CloudFront's cache; nor should they stay in a browser's.
      'cache-control': { value: 'no-store' },
    },
    body: { encoding: 'text', data: message },
  };
}

function queryValue(querystring, name) {
  var entry = querystring[name];
  return entry ? decodeOrNull(entry.value.replace(/\+/g, ' ')) : null;
}

// The imgfront signing string (shared/signing/url-signature.ts) over the chain as the URL writes it:
// URLs from buildUrl and `imgfront sign` write the canonical chain the signer covered.
function signingString(request, endpoint) {
  var q = request.querystring;
  var segments = request.uri.split('/').slice(endpoint.named ? 2 : 1);
  var chain = queryValue(q, 'tr');
  if (chain === null && (segments[0] || '').indexOf(PATH_TRANSFORM_PREFIX) === 0)
    chain = decodeOrNull(segments.shift().slice(PATH_TRANSFORM_PREFIX.length));
  var path = segments.map(function (segment) {
    var decoded = decodeOrNull(segment);
    return encodeURIComponent(decoded === null ? segment : decoded);
  });
  var version = queryValue(q, 'updatedAt') || queryValue(q, 'v');
  var query = [chain ? 'tr=' + chain : '', version ? 'v=' + version : ''].filter(Boolean).join('&');
  var expiry = queryValue(q, 'ik-t');
  return '/' + endpoint.id + '/' + path.join('/') + (query ? '?' + query : '') + '\n' + (expiry || '');
}

// The query as sent, without the named parameters: the text imgix and ImageKit signed.
function rawQueryWithout(querystring, names) {
  var pairs = [];
  for (var name in querystring) {
    if (names.indexOf(name) >= 0) continue;
    var entries = querystring[name].multiValue || [querystring[name]];
    for (var i = 0; i < entries.length; i++) pairs.push(name + '=' + entries[i].value);
  }
  return pairs.length ? '?' + pairs.join('&') : '';
}

// What each scheme signs, where its signature sits and how to take it out of the cache key (the
// Lambda's shared/signing/schemes): `given` null when the URL carries none.
function signatureOf(request, endpoint) {
  var q = request.querystring;
  var segments = request.uri.split('/');
  var at = endpoint.named ? 2 : 1;
  var scheme = endpoint.rules.s;
  if (scheme === 'thumbor') {
    // HMAC-SHA1, URL-safe base64 with padding, over the path after the signature segment; `unsafe` (or
    // a segment of another shape, which the transform refuses with its own reason) is none.
    var first = segments[at] || '';
    var path = segments.slice(at + 1).join('/');
    return {
      given: first !== 'unsafe' && THUMBOR_SEGMENT.test(first) ? decodeOrNull(first) : null,
      expiry: null,
      sign: function (key) {
        return hmacOf('sha1', key, path, 'base64').replace(/\+/g, '-').replace(/\//g, '_');
      },
      strip: function () {
        segments[at] = 'unsafe';
        request.uri = segments.join('/');
      },
    };
  }
  if (scheme === 'imgix') {
    // MD5 hex of the token, the path and the query as sent (without `s`); `expires` is signed with them.
    var given = queryValue(q, 's');
    var signed = request.uri + rawQueryWithout(q, ['s']);
    return {
      given: given && given.toLowerCase(),
      expiry: queryValue(q, 'expires'),
      sign: function (key) {
        return crypto
          .createHash('md5')
          .update(key + signed)
          .digest('hex');
      },
      strip: function () {
        delete q.s;
        delete q.expires;
      },
    };
  }
  var imagekit = scheme === 'imagekit';
  // ImageKit's SDKs: HMAC-SHA1 over the URL after `<urlEndpoint>/` as sent, without ik-t and ik-s, then
  // the expiry (9999999999 when none); imgfront's: HMAC-SHA256 over the canonical form.
  var text = imagekit
    ? segments.slice(at).join('/') +
      rawQueryWithout(q, ['ik-s', 'ik-t']) +
      (q['ik-t'] ? q['ik-t'].value : '9999999999')
    : signingString(request, endpoint);
  return {
    given: queryValue(q, 'ik-s'),
    expiry: queryValue(q, 'ik-t'),
    sign: function (key) {
      return hmacOf(imagekit ? 'sha1' : 'sha256', key, text, 'hex');
    },
    strip: function () {
      delete q['ik-s'];
      delete q['ik-t'];
    },
  };
}

function hmacOf(algorithm, key, text, encoding) {
  return crypto.createHmac(algorithm, key).update(text).digest(encoding);
}

// Constant time over equal lengths, as the Lambda's timingSafeEqual.
function sameText(a, b) {
  var diff = a.length ^ b.length;
  for (var i = 0; i < a.length && i < b.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

// A refusal, or null when the signature is valid or not needed (then it may still be checked later).
async function checkSignature(request, endpoint) {
  var rules = endpoint.rules;
  var signature = signatureOf(request, endpoint);
  var given = signature.given;
  if (!rules.k || (given === null && !rules.r)) return null;
  if (given === null) return refusal(403, 'ESIGNATURE', 'This URL must be signed');
  var expiry = signature.expiry;
  if (expiry !== null && !(Number(expiry) >= Date.now() / 1000))
    return refusal(403, 'ESIGNATURE', 'This signed URL has expired');
  for (var n = 0; n < rules.k; n++) {
    var key = await read('k:' + endpoint.id + ':' + n);
    if (key !== null && sameText(signature.sign(key), given)) {
      signature.strip();
      request.headers[EDGE_HEADER] = { value: endpoint.id };
      return null;
    }
  }
  return refusal(403, 'ESIGNATURE', 'The URL signature is not valid');
}

// `e-sharpen-5` is parameter `e-sharpen`; `w-400` is `w`; `l-image` and `if-...` are `l` and `if`.
function parameterKey(token) {
  var parts = token.split('-');
  return parts[0] === 'e' ? parts[0] + '-' + parts[1] : parts[0];
}

// Applies namedOnly, allowedParameters and allowedWidths to the canonical chain the cache keys on.
function checkChain(request, rules) {
  var tr = request.querystring.tr;
  var chain = tr && !tr.multiValue ? decodeOrNull(tr.value) : null;
  if (chain === null) return null;
  var steps = chain.split(':');
  var tokens = steps.join(',').split(',');
  for (var i = 0; i < tokens.length; i++) {
    var key = parameterKey(tokens[i]);
    if (rules.n && key !== 'n' && key !== 'di')
      return refusal(400, 'EINVALID', 'This endpoint allows only named transformations');
    if (rules.a && rules.a.indexOf(key) < 0)
      return refusal(400, 'EINVALID', 'Parameter "' + key + '" is not allowed on this endpoint');
  }
  return rules.w ? fitWidth(request, steps, rules) : null;
}

// The last sizing step, when it is a plain `w-<pixels>`: dpr, heights, ratios, layers and
// conditions change the output width, so the Lambda fits those after planning.
function fitWidth(request, steps, rules) {
  for (var i = steps.length - 1; i >= 0; i--) {
    var params = steps[i].split(',');
    if (
      !params.some(function (p) {
        return /^[wh]-/.test(p);
      })
    )
      continue;
    var plain = params.filter(function (p) {
      return /^w-[1-9][0-9]*$/.test(p);
    })[0];
    if (
      !plain ||
      params.some(function (p) {
        return /^(h|ar|dpr|l|if)-/.test(p);
      })
    )
      return null;
    var width = Number(plain.slice(2));
    if (rules.w.indexOf(width) >= 0) return null;
    if (rules.x)
      return refusal(
        400,
        'ELIMIT',
        'Width ' + width + ' is not allowed on this endpoint; allowed widths: ' + rules.w.join(', '),
      );
    var fitted =
      rules.w.filter(function (w) {
        return w >= width;
      })[0] || rules.w[rules.w.length - 1];
    params[params.indexOf(plain)] = 'w-' + fitted;
    steps[i] = params.sort().join(',');
    request.querystring.tr = { value: encodeValue(steps.join(':')) };
    return null;
  }
  return null;
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- CloudFront calls `handler` by name.
async function handler(event) {
  var request = event.request;
  request.headers = request.headers || {};
  request.querystring = request.querystring || {};
  delete request.headers[EDGE_HEADER];
  var own = request.uri.indexOf(CLOUDFLARE_PREFIX) !== 0 && request.uri !== NEXT_IMAGE_PATH;
  var endpoint = own ? await edgeEndpoint(request.uri) : null;
  var refused = endpoint && (await checkSignature(request, endpoint));
  if (refused) return refused;
  var normalised = normalise(event);
  return (endpoint && checkChain(normalised, endpoint.rules)) || normalised;
}
