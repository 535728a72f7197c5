import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/core/database/data-source-options';
import { testConfig } from '../support/test-config';

// A query that outlives DATABASE_QUERY_TIMEOUT_MS fails its caller; the connection it ran on must not be
// handed to the next caller with the lost query still ahead of it on the wire.
describe('a query past the query timeout', () => {
  const url = testConfig().database.url as string;
  let dataSource: DataSource;

  beforeAll(async () => {
    // One connection, so the next query can only run on the connection the slow one timed out on.
    dataSource = new DataSource(dataSourceOptions(url, 1, { connectTimeoutMs: 5000, queryTimeoutMs: 500 }));
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('fails with the timeout, and the next query runs on a fresh connection at once', async () => {
    await expect(dataSource.query('SELECT pg_sleep(3)')).rejects.toThrow('Query read timeout');
    // Without dropping the connection, this would queue behind pg_sleep and time out too.
    await expect(dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });
});
