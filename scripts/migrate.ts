// `npm run migration:run | migration:revert | migration:generate -- <Name>` against DATABASE_URL, or against
// the embedded database in DATA_DIR when DATABASE_URL is unset (the same one `npm start` uses).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/core/config/app-config';
import { dataSourceOptions } from '../src/core/database/data-source-options';
import { runMigrations } from '../src/core/database/run-migrations';
import { resolveDatabase } from '../src/core/database/embedded-postgres';

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const database = await resolveDatabase(loadConfig(process.env));
  const dataSource = new DataSource(dataSourceOptions(database.config.database.url as string, 1));
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const applied = await runMigrations(dataSource);
      process.stdout.write(`Applied ${applied.length} migration(s)${applied.map((m) => `\n  ${m.name}`).join('')}\n`);
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'all' });
      process.stdout.write('Reverted the last migration\n');
    } else if (command === 'generate') {
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: migration:generate -- <PascalCaseName>');
      await generate(dataSource, name);
    } else {
      throw new Error('usage: migrate.ts run | revert | generate <Name>');
    }
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

/** Writes a migration with the SQL that brings the database schema to the entities (the database must be migrated). */
async function generate(dataSource: DataSource, name: string): Promise<void> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    process.stdout.write('No changes: the entities match the database schema\n');
    return;
  }
  const timestamp = Date.now();
  const quote = (q: string) => `    await queryRunner.query(${JSON.stringify(q)});`;
  const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map((q) => quote(q.query)).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map((q) => quote(q.query)).join('\n')}
  }
}
`;
  const file = path.resolve(__dirname, '..', 'src', 'core', 'database', 'migrations', `${timestamp}-${name}.ts`);
  writeFileSync(file, body);
  process.stdout.write(`Wrote ${file}\nAdd ${name}${timestamp} to src/core/database/migrations/index.ts\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
