// Runs the embedded database in a child process of Jest's global setup: PGlite needs real ESM dynamic
// import, which Jest's module sandbox does not offer without --experimental-vm-modules.
import { startEmbeddedPostgres } from '../../src/core/database/embedded-postgres';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: embedded-postgres.process <data dir>');
  const db = await startEmbeddedPostgres(dir);
  process.stdout.write(`${JSON.stringify({ url: db.url })}\n`);
  const stop = () => void db.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
