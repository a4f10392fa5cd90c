import { dependencyFailed } from '../../errors/image-error';
import type { Dialect } from './dialect';
import { imagekitDialect } from './imagekit';
import { imgixDialect } from './imgix';
import { thumborDialect } from './thumbor';
import type { DialectName } from './names';

const DIALECTS: Partial<Record<DialectName, Dialect>> = {
  imagekit: imagekitDialect,
  imgix: imgixDialect,
  thumbor: thumborDialect,
};

/** The endpoint's dialect; the service picks it by `settings.dialect` and knows nothing else of it. */
export function dialectFor(name: DialectName): Dialect {
  const dialect = DIALECTS[name];
  // The schema admits only known names; a name without a module is a build of ours, not the viewer's fault.
  if (dialect === undefined) throw dependencyFailed(`dialect "${name}" is not built in`);
  return dialect;
}
