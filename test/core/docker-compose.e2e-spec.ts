import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Browser } from 'playwright-core';
import { TEST_ENV } from '../setup/test-env';
import { connectThroughConsent, signUpOnPage } from '../support/app-page';
import { launchChromium } from '../support/browser';
import { freePort } from '../support/free-port';
import { describeWith } from '../support/requirements';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

const ROOT = path.resolve(__dirname, '../..');
const MARKER = '<!-- compose steps: test/core/docker-compose.e2e-spec.ts runs them -->';

interface ComposeService {
  environment?: Record<string, string | number>;
  ports?: Array<{ published: number | string; target: number | string }>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

/** The README's compose steps: the shell block right after the marker. */
function documentedSteps(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const after = readme.slice(readme.indexOf(MARKER) + MARKER.length);
  const block = /```sh\n([\s\S]*?)```/.exec(after);
  if (readme.indexOf(MARKER) < 0 || !block) throw new Error('README has no compose steps after the marker');
  return block[1].split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

/**
 * `docker compose up --build` as the README says, without a Docker engine: the README's steps before `up`
 * run as written in a folder holding only the compose file and .env.example; Debian's docker-compose renders
 * the app service from them (interpolation and .env included); the service then starts with exactly that
 * environment, the machine's PostgreSQL and Redis standing in for the two service containers (their URLs'
 * hosts, a fresh database, a key prefix of its own) and free ports for the published ones. A browser then
 * signs up, connects Notion through the embedded sandbox's consent page and writes a note.
 */
describeWith('compose', 'docker compose as the README describes it', () => {
  let dir: string;
  let app: ComposeService;
  let service: ServiceProcess | undefined;
  let browser: Browser | undefined;
  let database: string | undefined;
  const admin = () => new Client({ connectionString: process.env[TEST_ENV.adminDatabaseUrl] });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pa-compose-'));
    copyFileSync(path.join(ROOT, 'docker-compose.yml'), path.join(dir, 'docker-compose.yml'));
    copyFileSync(path.join(ROOT, '.env.example'), path.join(dir, '.env.example'));
    const steps = documentedSteps();
    expect(steps.at(-1)).toBe('docker compose up --build');
    for (const step of steps.slice(0, -1)) execFileSync('bash', ['--norc', '--noprofile', '-eo', 'pipefail', '-c', step], { cwd: dir, env: { PATH: process.env.PATH } });
    // Rendered with nothing of this run's environment, as on a user's machine.
    const yaml = execFileSync('docker-compose', ['config'], { cwd: dir, env: { PATH: process.env.PATH }, encoding: 'utf8' });
    const json = execFileSync('python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: yaml, encoding: 'utf8' });
    app = (JSON.parse(json) as { services: Record<string, ComposeService> }).services.app;
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (database) {
      const client = admin();
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await client.end();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders a production app with a token key, a writable data volume, published app and sandbox ports and healthchecks', () => {
    const env = app.environment ?? {};
    expect(env.NODE_ENV).toBe('production');
    expect(String(env.TOKEN_ENCRYPTION_KEYS)).toMatch(/^k1:[A-Za-z0-9+/]{43}=$/);
    expect(app.volumes).toContain(`appdata:${env.DATA_DIR}:rw`);
    const published = (app.ports ?? []).map((p) => `${p.published}:${p.target}`);
    expect(published).toEqual(expect.arrayContaining([`${env.PORT}:${env.PORT}`, `${env.NOTION_SANDBOX_PORT}:${env.NOTION_SANDBOX_PORT}`]));
    expect(env.NOTION_SANDBOX_HOST).toBe('0.0.0.0');
    expect(app.healthcheck?.test.join(' ')).toContain('/health/ready');
    expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    // The image: a non-root user that owns the data folder the volume is mounted on.
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toContain(`chown node:node ${env.DATA_DIR}`);
    expect(runtime).toMatch(/\nUSER node\n[\s\S]*\nCMD /);
  });

  it('starts with exactly that environment, and a browser signs up, connects Notion and writes a note', async () => {
    const rendered = Object.fromEntries(Object.entries(app.environment ?? {}).map(([k, v]) => [k, String(v)]));
    // Stand-ins for what the containers provide: the machine's servers, a fresh database, free ports.
    database = `pa_test_compose_${randomBytes(4).toString('hex')}`;
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE "${database}"`);
    await client.end();
    const databaseUrl = new URL(process.env[TEST_ENV.adminDatabaseUrl] as string);
    databaseUrl.pathname = `/${database}`;
    expect(new URL(rendered.DATABASE_URL).host).toBe('postgres:5432');
    expect(new URL(rendered.REDIS_URL).host).toBe('redis:6379');
    const [port, sandboxPort] = [await freePort(), await freePort()];
    const env = {
      ...rendered,
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: process.env[TEST_ENV.redisUrl] as string,
      REDIS_KEY_PREFIX: `${process.env[TEST_ENV.redisPrefix] ?? 'pa_test:'}compose:`,
      DATA_DIR: mkdtempSync(path.join(dir, 'data-')),
      PORT: String(port),
      NOTION_SANDBOX_PORT: String(sandboxPort),
    };
    // The host's browser reaches the published ports on localhost, as PUBLIC_URL's default says.
    const base = `http://localhost:${port}`;
    service = await startServiceProcess(env, base);
    // The sandbox answers on an address other than loopback, as the published port needs inside a container.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a?.family === 'IPv4' && !a.internal);
    expect(external).toBeDefined();
    // Any answer of the sandbox's own (here: a request without Notion's headers refused) shows it is reachable.
    expect((await fetch(`http://${external?.address}:${sandboxPort}/v1/users/me`)).status).toBe(400);

    browser = await launchChromium();
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(20_000);
    const email = await signUpOnPage(page, base, 'Compose User');
    await connectThroughConsent(page, 'Compose User', email, 'Allow access');
    await page.locator('#integrations li').first().waitFor();
    await page.getByLabel('New note').fill('# Compose check\n\nWritten through the app started as docker compose would start it.');
    await page.getByRole('button', { name: 'Save note' }).click();
    const item = page.locator('#note-list li').first();
    await item.locator('.badge[data-status="synced"]').waitFor();
    const href = await item.getByRole('link', { name: 'Open in Notion' }).getAttribute('href');
    expect(href).toMatch(new RegExp(`^http://localhost:${sandboxPort}/Compose-check-[0-9a-f]{32}$`));
  }, 240_000);
});
