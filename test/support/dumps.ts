import Redis from 'ioredis';
import type { DataSource } from 'typeorm';

/** Every row of every table of the database, as text: what a stolen dump would hold. */
export async function dumpDatabase(dataSource: DataSource): Promise<string> {
  const tables = (await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  )) as { table_name: string }[];
  const out: string[] = [];
  for (const { table_name: table } of tables) {
    const rows = (await dataSource.query(`SELECT t::text AS row FROM "${table}" t`)) as { row: string }[];
    out.push(...rows.map((r) => `${table}: ${r.row}`));
  }
  return out.join('\n');
}

/** Every key under the app's prefix, with its value whatever its type, as one string. */
export async function dumpRedis(url: string, prefix: string): Promise<string> {
  const redis = new Redis(url);
  try {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string'
            ? await redis.get(key)
            : type === 'hash'
              ? await redis.hgetall(key)
              : type === 'zset'
                ? await redis.zrange(key, 0, -1)
                : type === 'set'
                  ? await redis.smembers(key)
                  : type === 'list'
                    ? await redis.lrange(key, 0, -1)
                    : `<${type}>`;
        out.push(`${key} => ${JSON.stringify(value)}`);
      }
    } while (cursor !== '0');
    return out.join('\n');
  } finally {
    await redis.quit();
  }
}
