import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';

export const LOCK_FILE = 'instance.lock';

/** Another live instance owns the data folder; the message names the folder and, where known, the owner. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: { pid?: number; host?: string },
  ) {
    const who = owner.pid ? ` (process ${owner.pid}${owner.host ? ` on ${owner.host}` : ''})` : '';
    super(
      `DATA_DIR ${dataDir} is in use by another instance${who}. The embedded database has a single owner: ` +
        `stop that instance, use another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server. ` +
        `If no such instance runs, delete ${path.join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

/** Lock files this process holds (a lock naming this pid that is not in here is a leftover of a previous life). */
const held = new Set<string>();

interface Owner {
  pid: number;
  host: string;
}

function readOwner(file: string): Owner | undefined {
  try {
    const match = /^(\d+)@(.*)$/.exec(readFileSync(file, 'utf8').trim());
    return match ? { pid: Number(match[1]), host: match[2] } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the recorded owner is gone: only knowable for a process of this host that is not this one. */
function isStale(file: string, owner: Owner | undefined): boolean {
  if (!owner || owner.host !== hostname() || held.has(file)) return false;
  // A restarted container often gets the same pid as its previous life: a lock naming us is a leftover.
  return owner.pid === process.pid || !isAlive(owner.pid);
}

/**
 * Makes this process the one owner of `dataDir`, by creating `<dataDir>/instance.lock` exclusively (an
 * atomic step of the file system) with `<pid>@<host>` in it. A lock left by a process of this host that
 * is gone is taken over; any other lock refuses with DataDirLockedError before anything is written.
 * The lock is released on `release()` and when the process exits.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const content = `${process.pid}@${hostname()}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, content);
      } finally {
        closeSync(fd);
      }
      held.add(file);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (attempt > 0 || !isStale(file, owner)) throw new DataDirLockedError(dataDir, owner ?? {});
      unlinkSync(file);
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(file);
    process.removeListener('exit', release);
    try {
      if (readFileSync(file, 'utf8') === content) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return { release };
}
