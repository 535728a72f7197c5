import { spawnSync } from 'node:child_process';
import { TEST_ENV } from '../setup/test-env';
import { browserAvailable } from './browser';

const onPath = (command: string) => spawnSync(command, ['version'], { stdio: 'ignore' }).status === 0;

/**
 * Tests that need a real server show as skipped, with the reason in their name, when the run has none
 * (never silently absent). CI always provides both and fails on any skipped test.
 */
const NEEDS = {
  redis: { available: () => Boolean(process.env[TEST_ENV.redisUrl]), reason: 'needs a real Redis: set REDIS_URL' },
  postgres: {
    available: () => Boolean(process.env[TEST_ENV.adminDatabaseUrl]),
    reason: 'needs a real PostgreSQL server: set DATABASE_URL',
  },
  browser: { available: browserAvailable, reason: 'needs Chromium at /usr/bin/chromium (apt-get install chromium)' },
  sharedServers: {
    available: () => Boolean(process.env[TEST_ENV.adminDatabaseUrl]) && Boolean(process.env[TEST_ENV.redisUrl]),
    reason: 'needs a real PostgreSQL server and Redis shared by several instances: set DATABASE_URL and REDIS_URL',
  },
  /** The compose file rendered by Debian's docker-compose (no engine needed), the machine's servers standing in. */
  compose: {
    available: () =>
      Boolean(process.env[TEST_ENV.adminDatabaseUrl]) && Boolean(process.env[TEST_ENV.redisUrl]) && browserAvailable() && onPath('docker-compose'),
    reason: 'needs docker-compose (apt-get install docker-compose), a real PostgreSQL server and Redis, and Chromium',
  },
} as const;

export type Requirement = keyof typeof NEEDS;

export function has(requirement: Requirement): boolean {
  return NEEDS[requirement].available();
}

/** `describe`, or `describe.skip` with the reason when the requirement is missing. */
export function describeWith(requirement: Requirement, name: string, fn: () => void): void {
  if (has(requirement)) describe(name, fn);
  else describe.skip(`${name} [skipped: ${NEEDS[requirement].reason}]`, fn);
}

/** `it`, or `it.skip` with the reason when the requirement is missing. */
export function itWith(requirement: Requirement, name: string, fn: () => Promise<void>, timeout?: number): void {
  if (has(requirement)) it(name, fn, timeout);
  else it.skip(`${name} [skipped: ${NEEDS[requirement].reason}]`, fn, timeout);
}
