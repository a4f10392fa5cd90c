import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceParameterTable } from '../shared/url/parameter-docs';

/** `npm run docs`: regenerates the README's parameter table from the parameter table in code. */
const readme = join(__dirname, '..', 'README.md');
writeFileSync(readme, replaceParameterTable(readFileSync(readme, 'utf8')));
