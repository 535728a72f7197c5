/**
 * Names of the variables the global setup hands to Jest workers. The suite reads DATABASE_URL and
 * REDIS_URL from the developer's environment only in global setup; tests read these.
 */
export const TEST_ENV = {
  databaseUrl: 'PA_TEST_DATABASE_URL',
  redisUrl: 'PA_TEST_REDIS_URL',
  redisPrefix: 'PA_TEST_REDIS_PREFIX',
  adminDatabaseUrl: 'PA_TEST_ADMIN_DATABASE_URL',
  embeddedPid: 'PA_TEST_EMBEDDED_PID',
  embeddedDir: 'PA_TEST_EMBEDDED_DIR',
} as const;

/** Refuses to touch a database whose name does not say it is for tests. */
export function assertTestDatabase(url: string): void {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test".`);
  }
}
