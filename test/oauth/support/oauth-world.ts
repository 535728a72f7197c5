import { randomBytes } from 'node:crypto';
import type { ModuleMetadata } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startNotionSandbox, type IntegrationInfo, type NotionSandbox, type NotionSandboxOptions } from '../../../src/sandbox/notion';
import { bootApp, type LogCapture, type TestApp } from '../../support/app';
import { bearer, signUp, type SignedIn } from '../../support/auth';
import { parseForm } from '../../sandbox/support/consent-form';

export const CALLBACK_PATH = '/integrations/notion/callback';
export const REDIRECT_URI = `http://localhost:3000${CALLBACK_PATH}`;

/** A key under a kid unique to this run, so rows written by other test files never share it. */
export function newKey(label: string): { kid: string; entry: string } {
  const kid = `${label}-${randomBytes(4).toString('hex')}`;
  return { kid, entry: `${kid}:${randomBytes(32).toString('base64')}` };
}

export interface OAuthWorld {
  sandbox: NotionSandbox;
  publicApp: IntegrationInfo;
  /** The environment that points an app at this sandbox (the same code path as real Notion). */
  env: Record<string, string>;
  /** The kid of the world's token key (first of TOKEN_ENCRYPTION_KEYS). */
  kid: string;
  boot: (
    env?: Record<string, string | undefined>,
    options?: { imports?: ModuleMetadata['imports']; logs?: LogCapture },
  ) => Promise<TestApp>;
  close: () => Promise<void>;
}

/**
 * A sandbox with a public integration for this app, and a way to boot apps configured against it. The
 * sandbox's rate limit is off unless `rateLimit` turns it on (e.g. Notion's 3 requests/s, burst 10).
 */
export async function startOAuthWorld(
  options: { accessTokenTtlSeconds?: number; rateLimit?: NotionSandboxOptions['rateLimit'] } = {},
): Promise<OAuthWorld> {
  const sandbox = await startNotionSandbox({
    port: 0,
    rateLimit: options.rateLimit ?? false,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? null,
  });
  const publicApp = sandbox.control.createIntegration({ name: 'Assistant', kind: 'public', redirectUris: [REDIRECT_URI] });
  const key = newKey('k1');
  const env = {
    NOTION_CLIENT_ID: publicApp.clientId as string,
    NOTION_CLIENT_SECRET: publicApp.clientSecret as string,
    NOTION_API_BASE_URL: sandbox.url,
    NOTION_REDIRECT_URI: REDIRECT_URI,
    TOKEN_ENCRYPTION_KEYS: key.entry,
  };
  const apps: TestApp[] = [];
  return {
    sandbox,
    publicApp,
    env,
    kid: key.kid,
    boot: async (extra = {}, bootOptions = {}) => {
      const app = await bootApp({ env: { ...env, ...extra }, ...bootOptions });
      apps.push(app);
      return app;
    },
    close: async () => {
      for (const app of apps) await app.close();
      await sandbox.close();
    },
  };
}

/** A signed-in user with a sandbox person and workspace of their own. */
export interface Person extends SignedIn {
  personId: string;
  workspaceId: string;
  pageId: string;
}

export async function newPerson(t: TestApp, world: OAuthWorld, label = 'user'): Promise<Person> {
  const user = await signUp(t, label);
  const hosted = world.sandbox.control.ensurePerson({ externalId: user.userId, name: `Person ${label}`, email: user.email });
  return { ...user, ...hosted };
}

/** Another workspace for the same sandbox person (a second workspace to connect). */
export function addWorkspace(world: OAuthWorld, person: Person, name: string): { workspaceId: string; pageId: string } {
  const workspace = world.sandbox.control.createWorkspace({ name, memberIds: [person.personId] });
  const page = world.sandbox.control.seedPage({ workspaceId: workspace.id, title: `${name} home`, createdBy: person.personId });
  return { workspaceId: workspace.id, pageId: String(page.id) };
}

/** GET /integrations/notion/connect → the authorize URL it redirects to. */
export async function startConnect(t: TestApp, user: SignedIn): Promise<URL> {
  const res = await t.http().get('/integrations/notion/connect').set(...bearer(user.token));
  if (res.status !== 302) throw new Error(`connect answered ${res.status}: ${JSON.stringify(res.body)}`);
  return new URL(res.headers.location as string);
}

/** Plays the browser on the sandbox's consent page; returns the redirect back to the app (code or error). */
export async function consent(
  world: OAuthWorld,
  authorizeUrl: URL,
  person: Person,
  options: { action?: 'allow' | 'cancel'; workspaceId?: string; pageId?: string } = {},
): Promise<URL> {
  const url = new URL(authorizeUrl);
  url.searchParams.set('user', person.personId);
  const page = await fetch(url);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const form = parseForm(await page.text(), 'consent');
  const body = new URLSearchParams({
    ...form.hidden,
    workspace_id: options.workspaceId ?? person.workspaceId,
    action: options.action ?? 'allow',
  });
  body.append('page_ids', options.pageId ?? person.pageId);
  const submitted = await fetch(`${world.sandbox.url}${form.action}`, { method: 'POST', body, redirect: 'manual' });
  if (submitted.status !== 302) throw new Error(`consent answered ${submitted.status}: ${await submitted.text()}`);
  return new URL(submitted.headers.get('location') as string);
}

/** Sends the provider's redirect to the app's callback, as the user's browser would. */
export function callback(t: TestApp, user: SignedIn, redirect: URL) {
  return t.http().get(`${redirect.pathname}${redirect.search}`).set(...bearer(user.token));
}

/** The whole flow; returns the id of the stored integration. */
export async function connectWorkspace(
  t: TestApp,
  world: OAuthWorld,
  person: Person,
  options: { workspaceId?: string; pageId?: string } = {},
): Promise<string> {
  const redirect = await consent(world, await startConnect(t, person), person, options);
  const res = await callback(t, person, redirect);
  const location = new URL(res.headers.location as string, 'http://app.test');
  const id = location.searchParams.get('integration');
  if (res.status !== 302 || !id) throw new Error(`callback answered ${res.status} ${res.headers.location}: ${JSON.stringify(res.body)}`);
  return id;
}

export function dataSourceOf(t: TestApp): DataSource {
  return t.app.get(DataSource);
}

/** How many token-endpoint calls (code exchanges and refreshes) the sandbox has answered since it was last cleared. */
export function tokenCalls(world: OAuthWorld): number {
  return world.sandbox.control.requestLog().filter((e) => e.method === 'POST' && e.path === '/v1/oauth/token').length;
}
