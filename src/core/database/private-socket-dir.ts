import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The file name node-postgres looks for in a socket folder given as `host` (port 5432, the default). */
export const POSTGRES_SOCKET_FILE = '.s.PGSQL.5432';

/** Longest Unix socket path Linux accepts (sun_path is 108 bytes, NUL included). */
const MAX_SOCKET_PATH = 107;

export interface PrivateSocketDir {
  /** The folder: mode 0700, owned by this process's user. */
  dir: string;
  /** The socket's path inside it. */
  socketPath: string;
  /** Removes what this process created that outlives the socket server. */
  cleanup(): void;
}

/**
 * A folder only this OS user can enter, for the embedded database's Unix socket: the socket admits any
 * process that can reach it, so reaching it is what the folder's mode guards. `DATA_DIR/pg-socket` when
 * its path is short enough for a socket, otherwise a fresh 0700 folder in the system temp folder.
 */
export function privateSocketDir(dataDir: string): PrivateSocketDir {
  const preferred = path.join(dataDir, 'pg-socket');
  if (Buffer.byteLength(path.join(preferred, POSTGRES_SOCKET_FILE)) <= MAX_SOCKET_PATH) {
    mkdirSync(preferred, { recursive: true, mode: 0o700 });
    assertOwnedFolder(preferred);
    // mkdir leaves an existing folder's mode alone: tighten it whatever it was.
    chmodSync(preferred, 0o700);
    const socketPath = path.join(preferred, POSTGRES_SOCKET_FILE);
    // The DATA_DIR lock is held, so a socket file here is a leftover of a process that died.
    rmSync(socketPath, { force: true });
    return { dir: preferred, socketPath, cleanup: () => undefined };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'pa-pg-')); // mkdtemp creates it 0700
  return {
    dir,
    socketPath: path.join(dir, POSTGRES_SOCKET_FILE),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A symlink or a folder of another user could be opened to others by them: refuse both. */
function assertOwnedFolder(dir: string): void {
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} must be a folder (not a link or a file) for the database socket`);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new Error(`${dir} belongs to another user; the database socket needs a folder of this user`);
  }
}
