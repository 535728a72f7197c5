import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SKIP = new Set(['node_modules', 'dist', 'coverage', '.data', '.git']);

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesOf(full) : [full];
  });
}

describe('the repository is complete by itself', () => {
  it('has no file that reads or links anything beside the checkout', () => {
    // Built from parts so that this file does not match itself.
    const outside = new RegExp(['\\.\\./', 'shared', '|', '/work', '/'].join(''));
    const offenders = filesOf(ROOT)
      .filter((file) => statSync(file).size < 5_000_000 && !file.endsWith('package-lock.json'))
      .filter((file) => outside.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });
});
