import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A static file of the page, read once at start (from src/web/assets, copied to dist/web/assets by the build). */
export function webAsset(name: string): string {
  return readFileSync(path.join(__dirname, 'assets', name), 'utf8');
}
