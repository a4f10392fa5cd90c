import { buildUrl } from '../../shared/url/build-url';
import { parseChain } from '../../shared/url/chain';
import { endpointFileUrl } from '../../shared/url/endpoint-file-url';
import { EXPLAIN_PARAM } from '../../shared/explain/explain-param';
import { formatExplanation } from '../../cli/commands/explain-text';
import type { Explanation } from '../../shared/service/explanation';
import type { TransformStep } from '../../shared/url/transform-spec';
import type { PlaygroundConfig, PlaygroundEndpoint } from '../playground-config';
import { attachCompletion } from './completion-box';
import { byId, debounce } from './dom';
import { fetchImage, IMAGE_ACCEPT } from './fetch-image';
import { parseWidths, responsiveImageMarkup } from './img-markup';
import { formatTiming } from './server-timing';

const TYPING_PAUSE_MS = 300;
/** The CDN serving the page serves the images: URLs are built against the page's own origin. */
const baseUrl = location.origin;

const ui = {
  endpoint: byId('endpoint', HTMLInputElement),
  endpoints: byId('endpoint-list', HTMLDataListElement),
  path: byId('path', HTMLInputElement),
  images: byId('image-list', HTMLDataListElement),
  transformation: byId('transformation', HTMLInputElement),
  completions: byId('completions', HTMLUListElement),
  doc: byId('transformation-doc', HTMLElement),
  original: byId('original', HTMLImageElement),
  originalSize: byId('original-size', HTMLElement),
  preview: byId('preview', HTMLImageElement),
  error: byId('error', HTMLElement),
  dimensions: byId('dimensions', HTMLElement),
  format: byId('format', HTMLElement),
  bytes: byId('bytes', HTMLElement),
  timing: byId('timing', HTMLElement),
  url: byId('url', HTMLInputElement),
  copy: byId('copy', HTMLButtonElement),
  copyStatus: byId('copy-status', HTMLElement),
  dialects: byId('dialects', HTMLUListElement),
  widths: byId('widths', HTMLInputElement),
  sizes: byId('sizes', HTMLInputElement),
  alt: byId('alt', HTMLInputElement),
  markup: byId('markup', HTMLTextAreaElement),
  explain: byId('explain', HTMLElement),
  explainTrace: byId('explain-trace', HTMLElement),
};

let config: PlaygroundConfig = { endpoints: [] };
let inFlight: AbortController | undefined;
const objectUrls = new Map<HTMLImageElement, string>();

/** The chosen endpoint as the registry describes it; a typed id is taken to speak ImageKit's URLs. */
function chosenEndpoint(): PlaygroundEndpoint {
  const id = ui.endpoint.value.trim();
  return (
    config.endpoints.find((endpoint) => endpoint.id === id) ?? {
      id,
      isDefault: false,
      images: [],
      settings: { dialect: 'imagekit', signing: { required: false } },
    }
  );
}

const options = (list: HTMLDataListElement, values: readonly string[]) =>
  list.replaceChildren(...values.map((value) => Object.assign(document.createElement('option'), { value })));

function showImage(image: HTMLImageElement, objectUrl: string): Promise<void> {
  const previous = objectUrls.get(image);
  objectUrls.set(image, objectUrl);
  const loaded = new Promise<void>((resolve) => {
    image.onload = () => resolve();
    image.onerror = () => resolve();
  });
  image.src = objectUrl;
  if (previous) URL.revokeObjectURL(previous);
  return loaded;
}

/**
 * The same request on the endpoint and its twins over the same files, one per dialect: each URL
 * written by its dialect's writer, or what that dialect cannot say of the transformation.
 */
function renderDialects(endpoint: PlaygroundEndpoint, path: string, steps: readonly TransformStep[]): void {
  const sameFiles = (other: PlaygroundEndpoint) => other.images.join('\n') === endpoint.images.join('\n');
  const twins = [
    endpoint,
    ...config.endpoints.filter((other) => other.id !== endpoint.id && sameFiles(other)),
  ];
  const byDialect = new Map<string, PlaygroundEndpoint>();
  for (const twin of twins)
    if (!byDialect.has(twin.settings.dialect)) byDialect.set(twin.settings.dialect, twin);
  ui.dialects.replaceChildren(
    ...[...byDialect.values()].map((twin) => {
      const item = document.createElement('li');
      const built = endpointFileUrl(baseUrl, twin, path, { steps });
      item.append(`${twin.settings.dialect} (${twin.id}): `);
      if ('url' in built) {
        const link = Object.assign(document.createElement('a'), { href: built.url, textContent: built.url });
        link.dataset.dialect = twin.settings.dialect;
        item.append(link);
      } else item.append(built.unsupported);
      return item;
    }),
  );
}

function renderMarkup(endpoint: PlaygroundEndpoint, path: string, transformations: string): void {
  try {
    ui.markup.value = markupFor(endpoint, path, transformations);
  } catch {
    // The URL builder refuses what the service would: the preview shows the service's reason.
    ui.markup.value = 'No markup: the transformation is not valid (see the error above).';
  }
}

function markupFor(endpoint: PlaygroundEndpoint, path: string, transformations: string): string {
  return responsiveImageMarkup({
    location: { baseUrl, endpoint: endpoint.id, transformations: transformations || undefined },
    path,
    alt: ui.alt.value,
    widths: parseWidths(ui.widths.value),
    sizes: ui.sizes.value.trim() || '100vw',
  });
}

async function renderExplain(url: string, signal: AbortSignal): Promise<void> {
  if (!config.explainToken) return;
  const explained = new URL(url);
  explained.searchParams.append(EXPLAIN_PARAM, config.explainToken);
  const response = await fetch(explained, { headers: { accept: IMAGE_ACCEPT }, signal });
  const body = await response.text();
  ui.explainTrace.textContent = response.ok
    ? formatExplanation(JSON.parse(body) as Explanation)
    : body.trim();
  ui.explain.hidden = false;
}

function showError(message: string): void {
  ui.error.textContent = message;
  ui.error.hidden = false;
  for (const fact of [ui.dimensions, ui.format, ui.bytes]) fact.textContent = '-';
}

/** Builds the URL from the inputs, fetches the original and the preview, and shows what came back. */
async function update(): Promise<void> {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const { signal } = controller;
  const endpoint = chosenEndpoint();
  const path = ui.path.value.trim().replace(/^\/+/, '');
  const transformations = ui.transformation.value.trim();
  if (!endpoint.id || !path) return;
  let url: string;
  let steps: TransformStep[] | undefined;
  try {
    steps = parseChain(transformations);
    url = buildUrl({ baseUrl, endpoint: endpoint.id, path, transformations: steps });
  } catch {
    // Not readable here: the service's own answer to the raw text says why.
    url = `${baseUrl}/${endpoint.id}/${path}?tr=${encodeURIComponent(transformations)}`;
  }
  ui.url.value = url;
  ui.copyStatus.textContent = '';
  renderMarkup(endpoint, path, transformations);
  try {
    const [original, preview] = await Promise.all([
      fetchImage(buildUrl({ baseUrl, endpoint: endpoint.id, path }), signal),
      fetchImage(url, signal),
    ]);
    if (signal.aborted) return;
    ui.timing.textContent = formatTiming(preview.timing);
    if (original.ok) {
      await showImage(ui.original, original.objectUrl);
      ui.originalSize.textContent = `${ui.original.naturalWidth}x${ui.original.naturalHeight}, ${original.format}`;
    }
    if (!preview.ok) {
      showError(`${preview.status} ${preview.code}: ${preview.message}`);
      ui.preview.removeAttribute('src');
      return;
    }
    await showImage(ui.preview, preview.objectUrl);
    ui.error.hidden = true;
    ui.dimensions.textContent = `${ui.preview.naturalWidth}x${ui.preview.naturalHeight}`;
    ui.format.textContent = preview.format;
    ui.bytes.textContent = String(preview.bytes);
    if (steps) renderDialects(endpoint, path, steps);
    else ui.dialects.replaceChildren();
    await renderExplain(url, signal);
  } catch (error) {
    if (!signal.aborted) showError(`The request failed: ${String(error)}`);
  }
}

async function copyUrl(): Promise<void> {
  try {
    await navigator.clipboard.writeText(ui.url.value);
    ui.copyStatus.textContent = 'Copied';
  } catch {
    // Without clipboard permission: select the text so Ctrl+C copies it.
    ui.url.select();
    ui.copyStatus.textContent = 'Selected: press Ctrl+C to copy';
  }
}

function chooseEndpoint(): void {
  options(ui.images, chosenEndpoint().images);
}

async function start(): Promise<void> {
  const response = await fetch('config.json');
  if (response.ok) config = (await response.json()) as PlaygroundConfig;
  options(
    ui.endpoints,
    config.endpoints.map((endpoint) => endpoint.id),
  );
  const first = config.endpoints.find((endpoint) => endpoint.isDefault) ?? config.endpoints[0];
  const params = new URLSearchParams(location.search);
  ui.endpoint.value = params.get('endpoint') ?? first?.id ?? '';
  chooseEndpoint();
  ui.path.value = params.get('path') ?? chosenEndpoint().images[0] ?? '';
  ui.transformation.value = params.get('tr') ?? 'w-400';
  const later = debounce(() => void update(), TYPING_PAUSE_MS);
  attachCompletion(ui.transformation, ui.completions, ui.doc, later);
  ui.endpoint.addEventListener('change', () => {
    chooseEndpoint();
    later();
  });
  for (const input of [ui.path, ui.endpoint]) input.addEventListener('input', later);
  for (const input of [ui.widths, ui.sizes, ui.alt])
    input.addEventListener('input', () =>
      renderMarkup(chosenEndpoint(), ui.path.value.trim(), ui.transformation.value.trim()),
    );
  ui.copy.addEventListener('click', () => void copyUrl());
  await update();
}

void start();
