import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderParameterTable } from './parameter-docs';

describe('the README parameter reference', () => {
  it('matches the parameter table in code (run `npm run docs` after adding a parameter)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(renderParameterTable());
  });
});
