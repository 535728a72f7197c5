import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/core/config/app-config';
import { resolveDatabase } from '../../src/core/database/embedded-postgres';
import { startNotionSandbox, type NotionSandbox, type NotionSandboxOptions } from '../../src/sandbox/notion';
import { benchEnv } from './bench-env';

/** Shared by the benchmarks: an application booted in this process against a Notion sandbox, and users connected to it. */
export const CALLBACK = '/integrations/notion/callback';
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
export const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Running {
  app: INestApplication;
  origin: string;
  sandbox: NotionSandbox;
  clientId: string;
  stop: () => Promise<void>;
}

/** The sandbox's public integration for this app, and the environment that points an instance at it. */
export function sandboxEnv(sandbox: NotionSandbox): { clientId: string; env: Record<string, string> } {
  const integration = sandbox.control.createIntegration({ name: 'Assistant', kind: 'public', redirectUris: [`http://localhost:3000${CALLBACK}`] });
  return {
    clientId: String(integration.id),
    env: {
      NOTION_CLIENT_ID: String(integration.clientId),
      NOTION_CLIENT_SECRET: String(integration.clientSecret),
      NOTION_API_BASE_URL: sandbox.url,
      NOTION_REDIRECT_URI: `http://localhost:3000${CALLBACK}`,
      TOKEN_ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
    },
  };
}

/** Listens on a free loopback port; the origin to call it at. */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

/** The application booted in this process with the bench environment over `env`. */
export async function bootApp(env: Record<string, string> = {}): Promise<{ app: INestApplication; origin: string; stop: () => Promise<void> }> {
  const database = await resolveDatabase(loadConfig(benchEnv(env)));
  const app = await createApp(database.config);
  const origin = await listen(app);
  return {
    app,
    origin,
    stop: async () => {
      await app.close();
      await database.stop();
    },
  };
}

export async function boot(sandbox: NotionSandbox, env: Record<string, string>): Promise<Running> {
  const target = sandboxEnv(sandbox);
  return { ...(await bootApp({ ...target.env, ...env })), sandbox, clientId: target.clientId };
}

/** A fresh sandbox and the application booted against it, for the length of `work`; both closed after. */
export async function withApp<T>(sandboxOptions: NotionSandboxOptions, env: Record<string, string>, work: (r: Running) => Promise<T>): Promise<T> {
  const sandbox = await startNotionSandbox({ port: 0, ...sandboxOptions });
  const r = await boot(sandbox, env);
  try {
    return await work(r);
  } finally {
    await r.stop();
    await sandbox.close();
  }
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function call(r: { origin: string }, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${r.origin}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: json && text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

export interface BenchUser {
  email: string;
  password: string;
  token: string;
  integrationId: string;
}

/** A user signed up and signed in: their session token. */
export async function signedIn(r: { origin: string }, label: string): Promise<{ email: string; password: string; token: string }> {
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const password = 'correct horse battery staple';
  await call(r, 'POST', '/auth/register', undefined, { email, password, name: label });
  const token = String((await call(r, 'POST', '/auth/login', undefined, { email, password })).body.token);
  return { email, password, token };
}

/** A user signed up, signed in and connected to a workspace of their own through the OAuth flow. */
export async function connectedUser(r: { origin: string; sandbox: NotionSandbox; clientId: string }, label: string): Promise<BenchUser> {
  const { email, password, token } = await signedIn(r, label);
  const { personId, workspaceId, pageId } = r.sandbox.control.ensurePerson({ externalId: email, name: label, email });
  const connect = await call(r, 'GET', '/integrations/notion/connect', token);
  const authorize = new URL(String(connect.headers.get('location')));
  const code = r.sandbox.control.issueAuthorizationCode({ integrationId: r.clientId, workspaceId, personId, pageIds: [pageId], redirectUri: authorize.searchParams.get('redirect_uri') ?? undefined });
  const back = await call(r, 'GET', `${CALLBACK}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(String(authorize.searchParams.get('state')))}`, token);
  const integrationId = new URL(String(back.headers.get('location')), r.origin).searchParams.get('integration');
  if (!integrationId) throw new Error(`connect failed: ${back.status} ${back.headers.get('location')}`);
  return { email, password, token, integrationId };
}

/** POST /notes, which must answer 201 (written and synced). */
export async function postNote(r: { origin: string }, token: string, body: Record<string, unknown>): Promise<Answer> {
  const note = await call(r, 'POST', '/notes', token, body);
  if (note.status !== 201) throw new Error(`POST /notes answered ${note.status}`);
  return note;
}

/** Polls GET /notes/:id every 20 ms until `done` holds for the note; throws when its sync failed or after `timeoutMs`. */
export async function untilNote(r: { origin: string }, token: string, id: string, done: (note: Record<string, unknown>) => boolean, timeoutMs = Infinity): Promise<void> {
  const since = Date.now();
  for (;;) {
    const note = (await call(r, 'GET', `/notes/${id}`, token)).body;
    if (done(note)) return;
    if ((note.sync as { status?: string } | undefined)?.status === 'failed') throw new Error(`note ${id} failed`);
    if (Date.now() - since > timeoutMs) throw new Error(`note ${id}: not there after ${timeoutMs} ms`);
    await sleepMs(20);
  }
}

export const isSynced = (note: Record<string, unknown>) => (note.sync as { status?: string } | undefined)?.status === 'synced';

export const notionCalls = (sandbox: NotionSandbox) => sandbox.control.requestLog().filter((e) => e.path.startsWith('/v1/') && e.path !== '/v1/oauth/token');

/** Successful Notion writes (not reads, queries or searches) in the sandbox's log. */
export const notionWrites = (sandbox: NotionSandbox) =>
  notionCalls(sandbox).filter((e) => e.method !== 'GET' && !(e.route ?? '').endsWith('/query') && e.path !== '/v1/search');

/** Writes per second of each integration (by bot), over the span of its writes. */
export function writeRates(sandbox: NotionSandbox): Map<string, number> {
  const byIntegration = new Map<string, number[]>();
  for (const entry of notionWrites(sandbox).filter((e) => e.status < 300)) {
    const key = String(entry.botId ?? entry.integrationId);
    byIntegration.set(key, [...(byIntegration.get(key) ?? []), Date.parse(entry.time)]);
  }
  return new Map(
    [...byIntegration].map(([key, times]) => {
      const span = (Math.max(...times) - Math.min(...times)) / 1000;
      return [key, span > 0 ? (times.length - 1) / span : 0];
    }),
  );
}

/** How many live rows each note id has in the sandbox's Tables of Contents (exactly-once: 1 each). */
export function pagesPerNote(sandbox: NotionSandbox): Map<string, number> {
  const state = sandbox.control.exportState();
  const counts = new Map<string, number>();
  const noteIdProps = new Set(Object.values(state.dataSources).flatMap((s) => s.properties.filter((p) => p.name === 'Note ID').map((p) => p.id)));
  for (const page of Object.values(state.pages)) {
    if (page.parent.type !== 'data_source_id' || page.inTrash) continue;
    for (const [propId, value] of Object.entries(page.properties)) {
      if (!noteIdProps.has(propId) || value.type !== 'rich_text') continue;
      const noteId = value.value.map((t) => String((t.text as { content?: string } | undefined)?.content ?? '')).join('');
      counts.set(noteId, (counts.get(noteId) ?? 0) + 1);
    }
  }
  return counts;
}

/** Notes lost (no page) and duplicated (more than one page) among `ids`. */
export function exactlyOnce(sandbox: NotionSandbox, ids: Iterable<string>): { lost: number; duplicated: number } {
  const counts = pagesPerNote(sandbox);
  const list = [...ids];
  return { lost: list.filter((id) => !counts.has(id)).length, duplicated: list.filter((id) => (counts.get(id) ?? 0) > 1).length };
}
