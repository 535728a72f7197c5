import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';

/** The embedded database as the service runs it, in a child process (PGlite needs real ESM dynamic import). */
function startEmbedded(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const script = path.join(__dirname, '../setup/embedded-postgres.process.ts');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ url: (JSON.parse(out.split('\n')[0]) as { url: string }).url, child });
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
}

/**
 * The embedded database serves several pool connections over one PGlite session. Concurrent parameterised
 * queries (Parse/Bind/Execute/Sync from many connections at once) must each get their own answer, and
 * concurrent transactions must not lose updates.
 */
describe('embedded PostgreSQL under concurrent connections', () => {
  let dir: string;
  let db: { url: string; child: ChildProcess };
  let pool: Pool;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pa-pglite-'));
    db = await startEmbedded(dir);
    pool = new Pool({ connectionString: db.url, max: 8 });
    await pool.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await pool.query('INSERT INTO counter VALUES (1, 0)');
  }, 120_000);

  afterAll(async () => {
    // The database goes first: a client stuck in a broken exchange would keep pool.end() waiting forever.
    pool?.on('error', () => undefined);
    if (db) {
      const exited = new Promise((resolve) => db.child.once('exit', resolve));
      db.child.kill('SIGKILL');
      await exited;
    }
    await pool?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  const increment = async (): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ n: number }>('SELECT n FROM counter WHERE id = $1 FOR UPDATE', [1]);
      await client.query('UPDATE counter SET n = $1 WHERE id = $2', [rows[0].n + 1, 1]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  it('answers every parameterised query with its own result while transactions run beside them, and loses no update', async () => {
    // Transactions starting between another connection's Parse and Bind were what broke pglite-socket's queue.
    const increments = 40;
    for (let round = 0; round < 5; round += 1) await roundOf(increments);
    const { rows } = await pool.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
    expect(rows[0].n).toBe(5 * increments);
  }, 45_000);

  const roundOf = async (increments: number): Promise<void> => {
    const [results] = await Promise.all([
      Promise.allSettled(
        Array.from({ length: 300 }, (_, i) =>
          pool.query<{ sum: number; label: string }>('SELECT $1::int + $2::int AS sum, $3::text AS label', [i, 1000, `q${i}`]),
        ),
      ),
      Promise.all(Array.from({ length: increments }, increment)),
    ]);
    const answers = results.map((r) =>
      r.status === 'fulfilled' ? `${r.value.rows[0].sum}/${r.value.rows[0].label}` : `error: ${String((r.reason as Error).message)}`,
    );
    expect(answers).toEqual(Array.from({ length: 300 }, (_, i) => `${i + 1000}/q${i}`));
  };
});
