import { loadConfig, type AppConfig } from '../../src/core/config/app-config';
import { TEST_ENV, assertTestDatabase } from '../setup/test-env';

/**
 * The config of an app under test: the run's database, this worker's Redis prefix (or memory stores
 * when the run has no Redis), quiet logs, no global throttle, no practical per-IP login limit. `env`
 * overrides any variable, as the process environment would.
 */
export function testConfig(env: Record<string, string | undefined> = {}): AppConfig {
  const databaseUrl = process.env[TEST_ENV.databaseUrl];
  if (!databaseUrl) throw new Error('Jest global setup did not provide a test database');
  assertTestDatabase(databaseUrl);
  const worker = process.env.JEST_WORKER_ID ?? '0';
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    DATABASE_MIGRATIONS_RUN: 'false',
    REDIS_URL: process.env[TEST_ENV.redisUrl],
    REDIS_KEY_PREFIX: `${process.env[TEST_ENV.redisPrefix] ?? 'pa_test:'}w${worker}:`,
    LOG_LEVEL: 'silent',
    THROTTLE_LIMIT: '0',
    // Every test signs in from 127.0.0.1; the login limiter's own tests set their limits explicitly.
    LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
    // No background polls of Notion in tests that do not ask for them (they would add calls to the
    // sandbox's counts); test/notes/changes sets its own interval.
    NOTION_POLL_INTERVAL_SECONDS: '86400',
    // The bare-clone run shares one embedded PostgreSQL (a single-session PGlite) between both Jest
    // workers, so a query can wait behind the other worker's; the 2 s production default then answers
    // 503 under test load alone. The tests of the timeout itself (dependency-timeouts, health) set 2 s.
    ...(process.env[TEST_ENV.embeddedPid] ? { DATABASE_QUERY_TIMEOUT_MS: '15000' } : {}),
    ...env,
  });
}
