import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { POSTGRES_SOCKET_FILE, privateSocketDir } from '../../src/core/database/private-socket-dir';

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

describe('privateSocketDir', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'pa-sockdir-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('makes DATA_DIR/pg-socket 0700, tightening a folder that was open to others', () => {
    const dataDir = path.join(root, 'a');
    mkdirSync(path.join(dataDir, 'pg-socket'), { recursive: true });
    chmodSync(path.join(dataDir, 'pg-socket'), 0o755);
    const dir = privateSocketDir(dataDir);
    expect(dir.dir).toBe(path.join(dataDir, 'pg-socket'));
    expect(dir.socketPath).toBe(path.join(dataDir, 'pg-socket', POSTGRES_SOCKET_FILE));
    expect(mode(dir.dir)).toBe('700');
  });

  it('refuses a link in place of the folder', () => {
    const dataDir = path.join(root, 'b');
    mkdirSync(dataDir);
    mkdirSync(path.join(root, 'elsewhere'));
    symlinkSync(path.join(root, 'elsewhere'), path.join(dataDir, 'pg-socket'));
    expect(() => privateSocketDir(dataDir)).toThrow(/must be a folder/);
  });

  it('uses a fresh 0700 folder in the temp folder when DATA_DIR is too long for a socket path', () => {
    const dataDir = path.join(root, 'x'.repeat(120));
    const dir = privateSocketDir(dataDir);
    expect(dir.dir.startsWith(tmpdir())).toBe(true);
    expect(mode(dir.dir)).toBe('700');
    dir.cleanup();
    expect(existsSync(dir.dir)).toBe(false);
  });
});
