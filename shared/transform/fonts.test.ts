import { existsSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

type FontsModule = typeof import('./fonts');
/** A fresh copy of the module: the folder is found once per process. */
const freshFonts = (): FontsModule => {
  let fonts: FontsModule | undefined;
  jest.isolateModules(() => {
    fonts = jest.requireActual<FontsModule>('./fonts');
  });
  if (!fonts) throw new TypeError('fonts module did not load');
  return fonts;
};

describe('the shipped font folder of a checkout', () => {
  it('links every shipped font, and replaces a link left dangling by a deleted checkout', () => {
    const first = freshFonts();
    const directory = first.shippedFontDirectory();
    const [font = ''] = first.SHIPPED_FONT_FILES;
    const link = join(directory, basename(font));
    rmSync(link, { force: true });
    symlinkSync('/nonexistent/imgfront-checkout/DejaVuSans.ttf', link);
    expect(existsSync(link)).toBe(false);

    const again = freshFonts();
    expect(again.shippedFontDirectory()).toBe(directory);
    expect(existsSync(link)).toBe(true);
    const names = readdirSync(directory);
    for (const file of again.SHIPPED_FONT_FILES) expect(names).toContain(basename(file));
  });
});
