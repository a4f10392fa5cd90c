import { version } from '../package.json';

/** imgfront's version, sent to origins in `User-Agent: imgfront/<version>`. */
export const IMGFRONT_VERSION: string = version;
