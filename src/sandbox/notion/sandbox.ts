import { AddressInfo } from 'node:net';
import { Clock } from './core/clock';
import { SandboxControl } from './control/control';
import { DemoInfo, DemoSeedOptions, recoverDemo, seedDemo } from './control/demo-seed';
import { Exchange, SandboxContext } from './http/context';
import { MIN_CONTROL_TOKEN_LENGTH, generateControlToken } from './http/control-auth';
import { Router } from './http/router';
import { SandboxServer } from './http/server';
import { blockRoutes } from './routes/blocks.routes';
import { consentRoutes } from './routes/consent.routes';
import { controlRoutes } from './routes/control.routes';
import { databaseRoutes } from './routes/databases.routes';
import { oauthRoutes } from './routes/oauth.routes';
import { pageRoutes } from './routes/pages.routes';
import { pageViewRoutes } from './routes/page-view.routes';
import { searchRoutes } from './routes/search.routes';
import { userRoutes } from './routes/users.routes';
import { resolveNotionSpec } from './core/spec-file';
import { SearchIndex } from './content/search-index';
import { SnapshotFile } from './store/snapshot';
import { RequestValidator } from './validation/request-validator';
import { SandboxStore } from './store/store';
import { FaultInjector } from './traffic/faults';
import { NOTION_RATE_LIMIT, RateLimitOptions, RateLimiter } from './traffic/rate-limiter';
import { RequestLog } from './traffic/request-log';
import { PersonEdits, PersonSession } from './person/person-edits';
import { personControlRoutes } from './routes/person-control.routes';
import { webhookControlRoutes } from './routes/webhooks-control.routes';
import { recordChanges } from './webhooks/record-changes';
import { SandboxWebhooks, WebhookOptions } from './webhooks/webhooks';

export interface NotionSandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /**
   * Rate limit per installation (bot: all its tokens share one bucket). Default: Notion's (3 requests/s, burst 10, Retry-After = time until
   * a request fits). `false` (or `requestsPerSecond: 0`) switches it off.
   */
  rateLimit?: Partial<RateLimitOptions> | false;
  /** Serve the control API under `/__sandbox` (default false; `sandbox.control` always works). */
  control?: boolean;
  /**
   * Bearer token the HTTP control API requires (`Authorization: Bearer <token>`); default: a
   * random `sbc_…` token, read back from the handle's `controlToken`.
   */
  controlToken?: string;
  /** JSON file holding the state across restarts (loaded at start, saved on change and close). */
  snapshotFile?: string;
  /** Access-token lifetime; default none (tokens do not expire, as on Notion). */
  accessTokenTtlSeconds?: number | null;
  /** Authorization-code lifetime; default 600 s. */
  authCodeTtlSeconds?: number;
  /** Seed (and re-seed after `reset()`) the demo workspace, page and integrations. */
  demo?: boolean | DemoSeedOptions;
  /**
   * Base URL the sandbox names in `url` fields (the pages a person can open), when it differs
   * from where it listens (e.g. behind a proxy). Default: the listening URL.
   */
  publicUrl?: string;
  /**
   * How long (on the sandbox clock) a write takes to reach search, like Notion's lagging index.
   * Default 0: search sees every write at once.
   */
  searchIndexDelayMs?: number;
  /** Notion's OpenAPI document used to validate request bodies; default: found by `resolveNotionSpec()`. */
  specFile?: string;
  /** Test hook: called with every request/response pair (contract tests validate them). */
  onExchange?: (exchange: Exchange) => void;
  /** Webhook delivery: aggregation window, retries, timeout (see docs/notion-sandbox.md, Webhooks). */
  webhooks?: WebhookOptions;
}

export interface NotionSandbox {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:4010` (what the SDK's `baseUrl` wants). */
  url: string;
  port: number;
  host: string;
  control: SandboxControl;
  /** The token the HTTP control API requires; null when it is off. */
  controlToken: string | null;
  /** The Notion operations this sandbox implements (method + path template), e.g. for contract tests. */
  operations: ReadonlyArray<{ method: string; template: string }>;
  /** The demo content when `demo` was asked for. */
  demo: DemoInfo | null;
  /** Webhook subscriptions and their deliveries. */
  webhooks: SandboxWebhooks;
  /** Acts as a person of a workspace, as in Notion's app (`workspaceId` when they belong to several). */
  person(personId: string, workspaceId?: string): PersonSession;
  /** Stops listening, destroys open sockets (also hung requests) and flushes the snapshot. */
  close(): Promise<void>;
}

export async function startNotionSandbox(options: NotionSandboxOptions = {}): Promise<NotionSandbox> {
  if (options.controlToken !== undefined && (options.controlToken.length < MIN_CONTROL_TOKEN_LENGTH || /\s/.test(options.controlToken))) {
    throw new Error(`controlToken must be at least ${MIN_CONTROL_TOKEN_LENGTH} characters without spaces`);
  }
  const clock = new Clock();
  const store = new SandboxStore(clock);
  const rateLimit = options.rateLimit === false ? null : { ...NOTION_RATE_LIMIT, ...options.rateLimit };
  let baseUrl = '';
  const settings = {
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? null,
    authCodeTtlSeconds: options.authCodeTtlSeconds ?? 600,
    controlEnabled: options.control ?? false,
    controlToken: options.control ? (options.controlToken ?? generateControlToken()) : null,
  };
  const ctx: SandboxContext = {
    store,
    clock,
    limiter: new RateLimiter(rateLimit, () => clock.now()),
    faults: new FaultInjector(),
    log: new RequestLog(),
    settings,
    validator: new RequestValidator(options.specFile ?? resolveNotionSpec()),
    baseUrl: () => baseUrl,
    onExchange: options.onExchange,
  };
  const demoOptions = options.demo === true ? {} : options.demo || null;
  let demo: DemoInfo | null = null;
  const webhooks = new SandboxWebhooks(store, clock, options.webhooks);
  const control = new SandboxControl({
    store,
    clock,
    faults: ctx.faults,
    limiter: ctx.limiter,
    log: ctx.log,
    baseUrl: ctx.baseUrl,
    accessTokenTtlSeconds: () => settings.accessTokenTtlSeconds,
    authCodeTtlSeconds: settings.authCodeTtlSeconds,
    afterReset: () => {
      webhooks.reset();
      if (demoOptions) demo = seedDemo(control, demoOptions);
    },
  });

  const snapshot = options.snapshotFile ? new SnapshotFile(options.snapshotFile, store) : null;
  const restored = snapshot?.load() ?? false;
  if (demoOptions) demo = (restored && recoverDemo(control, demoOptions)) || seedDemo(control, demoOptions);
  snapshot?.watch();

  // Every write reports what it changed, for webhooks, whoever made it (a bot or a person).
  const apiRoutes = recordChanges(
    [...userRoutes(), ...pageRoutes(), ...blockRoutes(), ...databaseRoutes(), ...searchRoutes(new SearchIndex(store, clock, options.searchIndexDelayMs ?? 0))],
    store,
    (changes) => webhooks.accept(changes),
  );
  const personEdits = new PersonEdits(ctx, apiRoutes);
  const routes = [
    ...apiRoutes,
    ...oauthRoutes(ctx),
    ...consentRoutes(ctx),
    ...(settings.controlEnabled ? [...controlRoutes(control), ...webhookControlRoutes(webhooks), ...personControlRoutes(personEdits, apiRoutes)] : []),
    // Last: it matches any single path segment (a page's `url`).
    ...pageViewRoutes(ctx),
  ];
  const server = new SandboxServer(ctx, new Router(routes));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.http.once('error', reject);
    server.http.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.http.address() as AddressInfo).port;
  const listeningUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  baseUrl = options.publicUrl ? options.publicUrl.replace(/\/+$/, '') : listeningUrl;

  return {
    url: listeningUrl,
    port,
    host,
    control,
    controlToken: settings.controlToken,
    operations: routes.filter((r) => r.kind === 'api' || r.kind === 'oauth').map((r) => ({ method: r.method, template: r.template })),
    get demo() {
      return demo;
    },
    webhooks,
    person: (personId, workspaceId) => personEdits.as(personId, workspaceId),
    async close() {
      await webhooks.close();
      await server.close();
      snapshot?.flush();
    },
  };
}
