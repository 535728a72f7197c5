import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Where Notion's OpenAPI document lives inside the repository (and inside a deployed copy of it). */
export const SPEC_RELATIVE_PATH = path.join('spec', 'notion', 'openapi.json');

/**
 * Finds `spec/notion/openapi.json` by walking up from `from` (this module's directory) to the
 * first directory holding a `package.json`, so the same code works from `src/` (ts-node, Jest)
 * and from `dist/` (compiled). Throws naming the path it expected when the file is missing.
 */
export function resolveNotionSpec(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const spec = path.join(dir, SPEC_RELATIVE_PATH);
      if (!existsSync(spec)) throw new Error(`Notion's OpenAPI document is missing: expected ${spec}`);
      return spec;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}: cannot locate ${SPEC_RELATIVE_PATH}`);
    dir = up;
  }
}
