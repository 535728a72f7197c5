import { TEST_ENV, assertTestDatabase } from './test-env';

// Every worker re-checks the guard, so no test file can reach a database that is not for tests.
const url = process.env[TEST_ENV.databaseUrl];
if (url) assertTestDatabase(url);
