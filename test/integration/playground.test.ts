import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import sharp from 'sharp';
import { photo } from '../../local/demo-images';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

/** Debian's package; `.ci/run` installs it when missing. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(__dirname, '..', '..', 'docs', 'playground.png');
const haveBrowser = existsSync(CHROMIUM);
// In CI the browser must be there: a skipped browser test would pass a page nobody tried.
const inCi = process.env.CI !== undefined && process.env.CI !== 'false';
if (!haveBrowser && !inCi)
  console.warn(`playground browser test skipped: no ${CHROMIUM} (apt-get install chromium)`);
const describeInBrowser = haveBrowser || inCi ? describe : describe.skip;

/** Polls until `read` gives what `matches` accepts (the page updates after a typing pause), then returns it. */
async function eventually<T>(read: () => Promise<T>, matches: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (!matches(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const matcher = (expected: string | RegExp) => (value: string | null) =>
  typeof expected === 'string' ? value === expected : expected.test(value ?? '');

/** The locator's text once it shows `expected` (or the last text seen, for the failure message). */
async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  const text = await eventually(() => locator.textContent(), matcher(expected));
  if (typeof expected === 'string') expect(text).toBe(expected);
  else expect(text).toMatch(expected);
}

async function expectValue(locator: Locator, expected: string | RegExp): Promise<void> {
  const value = await eventually(() => locator.inputValue(), matcher(expected));
  if (typeof expected === 'string') expect(value).toBe(expected);
  else expect(value).toMatch(expected);
}

describeInBrowser('the playground page, in a real browser', () => {
  let stack: TestStack & { dispose(): Promise<void> };
  let browser: Browser;
  let page: Page;
  /** Script errors and console errors, except the load failures a test provokes on purpose. */
  const problems: string[] = [];
  const expectedFailures: RegExp[] = [];

  const transformation = () => page.getByLabel('Transformation');
  const preview = () => page.getByRole('img', { name: 'Preview' });
  const fact = (id: string) => page.locator(`#${id}`);
  const naturalSize = () =>
    preview().evaluate((image: HTMLImageElement) => `${image.naturalWidth}x${image.naturalHeight}`);

  /** Types into the Transformation input as a person would, replacing what was there. */
  async function typeTransformation(text: string, { closeCompletion = true } = {}) {
    await transformation().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
    if (closeCompletion) await page.keyboard.press('Escape');
  }

  beforeAll(async () => {
    stack = await startTestStack();
    const origins = [{ type: 's3' as const, bucket: DEMO_BUCKET }];
    await stack.putEndpoint({ id: 'demo', isDefault: true, origins });
    for (const dialect of ['imgix', 'thumbor', 'cloudinary'] as const)
      await stack.putEndpoint({ id: `demo-${dialect}`, origins, settings: { dialect } });
    await putObject(stack, DEMO_BUCKET, 'photos/landscape.jpg', await photo(1200, 800), 'image/jpeg');
    await stack.settled();

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.cdnUrl });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !expectedFailures.some((pattern) => pattern.test(text)))
        problems.push(`console error: ${text}`);
    });
    await page.goto(stack.playgroundUrl);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  it('opens on the default endpoint and its first image, previewed at the starting width', async () => {
    await expectValue(page.getByLabel('Endpoint'), 'demo');
    await expectValue(page.getByLabel('Image', { exact: true }), 'photos/landscape.jpg');
    await expectText(fact('dimensions'), '400x267');
    expect(await naturalSize()).toBe('400x267');
    const original = page.getByRole('img', { name: 'Original' });
    const originalWidth = () => original.evaluate((image: HTMLImageElement) => image.naturalWidth);
    expect(await eventually(originalWidth, (width) => width === 1200)).toBe(1200);
    await expectText(fact('timing'), /total \d+\.\d ms/);
  });

  it('follows what is typed: natural size, shown size, format and bytes change', async () => {
    const bytesBefore = Number(await fact('bytes').textContent());
    await typeTransformation('w-200,h-200,f-png');
    await expectText(fact('dimensions'), '200x200');
    expect(await naturalSize()).toBe('200x200');
    await expectText(fact('format'), 'png');
    const bytesAfter = Number(await fact('bytes').textContent());
    expect(bytesAfter).toBeGreaterThan(0);
    expect(bytesAfter).not.toBe(bytesBefore);
    await expectValue(
      page.getByLabel('URL'),
      `${stack.cdnUrl}/demo/photos/landscape.jpg?tr=w-200,h-200,f-png`,
    );
  });

  it('shows the service’s own error message for an invalid transformation', async () => {
    expectedFailures.push(/status of 400/);
    await typeTransformation('w-xx');
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible' });
    await expectText(alert, new RegExp(escapeRegExp('400 EINVALID')));
    await expectText(alert, new RegExp(escapeRegExp('for parameter "w" but received "xx"')));
    await typeTransformation('w-300');
    await alert.waitFor({ state: 'hidden' });
    await expectText(fact('dimensions'), '300x200');
  });

  it('copies the URL, which loads', async () => {
    await page.getByRole('button', { name: 'Copy URL' }).click();
    await expectText(page.getByRole('status'), 'Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await page.getByLabel('URL').inputValue());
    expect((await fetch(copied)).status).toBe(200);
  });

  it('writes the request in every dialect, each URL answering 200 at the width asked', async () => {
    const links = page.locator('#dialects a');
    expect(
      await eventually(
        () => links.count(),
        (count) => count === 4,
      ),
    ).toBe(4);
    const dialects = await links.evaluateAll((anchors) =>
      anchors.map((anchor) => (anchor as HTMLElement).dataset.dialect),
    );
    expect(dialects.sort()).toEqual(['cloudinary', 'imagekit', 'imgix', 'thumbor']);
    for (const href of await links.evaluateAll((anchors) =>
      anchors.map((anchor) => (anchor as HTMLAnchorElement).href),
    )) {
      const response = await fetch(href);
      expect([href, response.status]).toEqual([href, 200]);
      const { width } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect([href, width]).toEqual([href, 300]);
    }
  });

  it('writes responsive <img> markup from the widths and sizes given', async () => {
    const markup = page.getByLabel('Markup', { exact: true });
    await expectValue(markup, /sizes="\(max-width: 640px\) 100vw, 640px"/);
    await expectValue(markup, /1280w/);
    await page.getByLabel('Widths').fill('300, 600');
    await page.getByLabel('Alt text').fill('A hill');
    const text = await eventually(
      () => markup.inputValue(),
      (value) => value.includes('A hill'),
    );
    expect(text).toContain(`${stack.cdnUrl}/demo/photos/landscape.jpg?tr=w-300 300w`);
    expect(text).toContain(`${stack.cdnUrl}/demo/photos/landscape.jpg?tr=w-600 600w`);
    expect(text).not.toContain('1280w');
    expect(text).toContain('alt="A hill"');
  });

  it('completes parameters from the keyboard and explains the one at the caret', async () => {
    await typeTransformation('w-300,r', { closeCompletion: false });
    const options = page.getByRole('listbox', { name: 'Parameters' }).getByRole('option');
    await options.first().waitFor({ state: 'visible' });
    const keys = await options.locator('code').allTextContents();
    expect(keys).toContain('rt');
    expect(keys.every((key) => key.startsWith('r'))).toBe(true);
    await transformation().press('ArrowDown');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    const target = keys.indexOf('rt');
    for (let step = 0; step < target; step++) await transformation().press('ArrowDown');
    await transformation().press('Enter');
    await expectValue(transformation(), 'w-300,rt-');
    await expectText(page.locator('#transformation-doc'), new RegExp(escapeRegExp('rt:')));
    await page.keyboard.type('90');
    await expectText(fact('dimensions'), '200x300');
  });

  it('writes w-300,h-200 in each dialect’s own words, each URL answering a 300x200 image', async () => {
    await typeTransformation('w-300,h-200');
    await expectText(fact('dimensions'), '300x200');
    const href = (dialect: string) =>
      page
        .locator(`#dialects a[data-dialect="${dialect}"]`)
        .evaluate((anchor: HTMLAnchorElement) => anchor.href);
    const imgix = await eventually(
      () => href('imgix'),
      (url) => url.includes('h=200'),
    );
    expect(imgix).toContain('w=300');
    expect(imgix).toContain('h=200');
    expect(await href('cloudinary')).toContain('w_300,h_200');
    expect(await href('thumbor')).toContain('/300x200/');
    for (const dialect of ['imagekit', 'imgix', 'thumbor', 'cloudinary']) {
      const url = await href(dialect);
      const response = await fetch(url);
      expect([url, response.status]).toEqual([url, 200]);
      const { width, height } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect([url, `${width}x${height}`]).toEqual([url, '300x200']);
    }
  });

  it('says what a dialect cannot express instead of writing another request', async () => {
    await typeTransformation('w-300,rt-45');
    await expectText(
      page.locator('#dialects li', { hasText: '(demo-thumbor)' }),
      'thumbor (demo-thumbor): not expressible in thumbor: rt-45',
    );
    await expectText(
      page.locator('#dialects li', { hasText: '(demo-imgix)' }),
      'imgix (demo-imgix): not expressible in imgix: rt-45',
    );
    const cloudinary = page.locator('#dialects a[data-dialect="cloudinary"]');
    await expectText(cloudinary, /\/w_300,a_45\//);
  });

  it('shows the explain trace the service gives for the URL', async () => {
    const trace = page.locator('#explain-trace');
    await trace.waitFor({ state: 'visible' });
    await expectText(trace, new RegExp(escapeRegExp('Endpoint:       demo')));
    await expectText(trace, new RegExp(escapeRegExp('Chain:')));
  });

  it('took a screenshot for the README and logged no script errors', async () => {
    await typeTransformation('w-480,h-320,e-grayscale');
    await expectText(fact('dimensions'), '480x320');
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
  });
});
