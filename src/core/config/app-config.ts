import * as path from 'node:path';
import { z } from 'zod';
import { envSchema, parseKeyring, type Env } from './env.schema';
import type { TrustProxy } from './trust-proxy';

export class ConfigValidationError extends Error {
  constructor(readonly variables: string[]) {
    super(`Invalid environment: ${variables.join(', ')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * The one typed configuration object of the service. Built once at boot from the environment and injected
 * wherever a setting is needed; nothing else reads `process.env`.
 */
export class AppConfig {
  readonly env: Env['NODE_ENV'];
  readonly http: {
    host: string;
    port: number;
    publicUrl: string;
    corsOrigins: string[];
    bodyLimit: string;
    trustProxy: TrustProxy;
    shutdownTimeoutMs: number;
    throttle: { ttlSeconds: number; limit: number };
  };
  readonly dataDir: string;
  readonly database: {
    /** Undefined means "start the embedded database in dataDir". */
    url: string | undefined;
    poolSize: number;
    migrationsRun: boolean;
    /** Opening a connection, or waiting for one from a full pool. */
    connectTimeoutMs: number;
    /** One query, from sent to answered; the connection is dropped after a timeout (its state is unknown). */
    queryTimeoutMs: number;
  };
  readonly redis: {
    url: string | undefined;
    keyPrefix: string;
    connectTimeoutMs: number;
    /** One command; a connection silent this long is dropped and reopened. */
    commandTimeoutMs: number;
  };
  readonly log: { level: Env['LOG_LEVEL']; pretty: boolean };
  readonly allowEmbedded: boolean;
  readonly session: {
    /** A session unused for this long ends (sliding). */
    idleTimeoutSeconds: number;
    /** A session ends this long after sign-in, however busy. */
    absoluteTimeoutSeconds: number;
    cookieSecure: boolean;
  };
  readonly login: { maxAttemptsPerEmail: number; maxAttemptsPerIp: number; windowSeconds: number };
  readonly llm: {
    /** True when LLM_API_KEY or LLM_BASE_URL is set (a local Ollama or vLLM needs no key). */
    configured: boolean;
    /** Undefined means the SDK's default (OpenAI's own API). */
    baseUrl: string | undefined;
    apiKey: string | undefined;
    model: string;
    timeoutMs: number;
    maxRetries: number;
    /** Longer note content is cut at a paragraph boundary before it is sent; the rest is kept as it is. */
    maxInputChars: number;
  };
  readonly assistant: { messagesPerMinute: number };
  readonly mcpAuth: { accessTokenTtlSeconds: number; refreshTokenTtlDays: number };
  readonly notion: {
    /** Undefined means "run the embedded Notion sandbox and connect to it". */
    clientId: string | undefined;
    clientSecret: string | undefined;
    redirectUri: string;
    apiBaseUrl: string;
    /** Where the embedded sandbox listens; fixed so that Notion URLs stored earlier keep working. */
    sandboxPort: number;
    /** The interface it listens on: loopback, or 0.0.0.0 in a container whose port is published. */
    sandboxHost: string;
    /** Per attempt. */
    timeoutMs: number;
    /** The average each integration is held to across all instances (Notion allows 3). */
    ratePerSecond: number;
    /** How long a call may wait for its turn (limiter or Retry-After) before NOTION_RATE_LIMITED. */
    maxRateWaitMs: number;
    /** Retries of a read after a 5xx or network failure. */
    readRetries: number;
    retryBaseDelayMs: number;
    clientCache: { size: number; ttlSeconds: number };
  };
  readonly notes: {
    /** POST /notes answers 201 if the note synced within this, else 202 pending. */
    syncWaitMs: number;
    sync: {
      /** Whether this instance runs the sync worker (any number of instances may). */
      worker: boolean;
      pollMs: number;
      concurrency: number;
      /** Most jobs of one integration leased at once (across instances, best effort): the rest wait their turn. */
      perIntegration: number;
      /** Transient failures of one note before it is marked failed. */
      maxAttempts: number;
      retryBaseMs: number;
      /** A claimed job another instance stopped working on becomes claimable again after this. */
      leaseMs: number;
      /** How often notes parked for reauthorisation are checked against their integration. */
      reauthSweepMs: number;
    };
    /** How edits made in Notion are heard: webhooks when enabled, otherwise polling. */
    changes: {
      webhooksEnabled: boolean;
      /** Configured instead of the handshake's (the handshake's is then not kept). */
      webhookVerificationToken: string | undefined;
      pollIntervalMs: number;
    };
  };
  /** Bearer token of the operator routes; undefined: they answer 404. */
  readonly operatorToken: string | undefined;
  /** Ordered token-encryption keys (the first encrypts); undefined → generated into dataDir (not in production). */
  readonly tokenKeys: { kid: string; key: Buffer }[] | undefined;

  constructor(env: Env) {
    this.env = env.NODE_ENV;
    const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    this.http = {
      host: env.HOST,
      port: env.PORT,
      publicUrl,
      corsOrigins: env.CORS_ORIGINS,
      bodyLimit: env.BODY_LIMIT.toLowerCase(),
      trustProxy: env.TRUST_PROXY,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      throttle: { ttlSeconds: env.THROTTLE_TTL_SECONDS, limit: env.THROTTLE_LIMIT },
    };
    this.dataDir = path.resolve(env.DATA_DIR);
    this.database = {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      migrationsRun: env.DATABASE_MIGRATIONS_RUN,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
    };
    this.redis = {
      url: env.REDIS_URL,
      keyPrefix: env.REDIS_KEY_PREFIX,
      connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS,
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
    };
    this.log = { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY };
    this.allowEmbedded = env.ALLOW_EMBEDDED;
    this.session = {
      idleTimeoutSeconds: env.SESSION_IDLE_TIMEOUT_SECONDS,
      absoluteTimeoutSeconds: env.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
      cookieSecure: env.COOKIE_SECURE ?? publicUrl.startsWith('https:'),
    };
    this.login = {
      maxAttemptsPerEmail: env.LOGIN_MAX_ATTEMPTS_PER_EMAIL,
      maxAttemptsPerIp: env.LOGIN_MAX_ATTEMPTS_PER_IP,
      windowSeconds: env.LOGIN_WINDOW_SECONDS,
    };
    this.llm = {
      configured: env.LLM_API_KEY !== undefined || env.LLM_BASE_URL !== undefined,
      baseUrl: env.LLM_BASE_URL?.replace(/\/+$/, ''),
      apiKey: env.LLM_API_KEY,
      model: env.LLM_MODEL,
      timeoutMs: env.LLM_TIMEOUT_MS,
      maxRetries: env.LLM_MAX_RETRIES,
      maxInputChars: env.LLM_MAX_INPUT_CHARS,
    };
    this.assistant = { messagesPerMinute: env.ASSISTANT_MESSAGES_PER_MINUTE };
    this.mcpAuth = { accessTokenTtlSeconds: env.MCP_ACCESS_TOKEN_TTL_SECONDS, refreshTokenTtlDays: env.MCP_REFRESH_TOKEN_TTL_DAYS };
    this.notion = {
      clientId: env.NOTION_CLIENT_ID || undefined,
      clientSecret: env.NOTION_CLIENT_SECRET || undefined,
      redirectUri: env.NOTION_REDIRECT_URI ?? `${this.http.publicUrl}/integrations/notion/callback`,
      apiBaseUrl: (env.NOTION_API_BASE_URL ?? 'https://api.notion.com').replace(/\/+$/, ''),
      sandboxPort: env.NOTION_SANDBOX_PORT ?? (env.PORT === 0 ? 0 : Math.min(env.PORT + 1, 65535)),
      sandboxHost: env.NOTION_SANDBOX_HOST,
      timeoutMs: env.NOTION_TIMEOUT_MS,
      ratePerSecond: env.NOTION_RATE_LIMIT_PER_SECOND,
      maxRateWaitMs: env.NOTION_RATE_LIMIT_MAX_WAIT_MS,
      readRetries: env.NOTION_READ_RETRIES,
      retryBaseDelayMs: env.NOTION_RETRY_BASE_DELAY_MS,
      clientCache: { size: env.NOTION_CLIENT_CACHE_SIZE, ttlSeconds: env.NOTION_CLIENT_CACHE_TTL_SECONDS },
    };
    this.notes = {
      syncWaitMs: env.NOTES_SYNC_WAIT_MS,
      sync: {
        worker: env.NOTES_SYNC_WORKER,
        pollMs: env.NOTES_SYNC_POLL_MS,
        concurrency: env.NOTES_SYNC_CONCURRENCY,
        perIntegration: env.NOTES_SYNC_PER_INTEGRATION,
        maxAttempts: env.NOTES_SYNC_MAX_ATTEMPTS,
        retryBaseMs: env.NOTES_SYNC_RETRY_BASE_MS,
        leaseMs: env.NOTES_SYNC_LEASE_MS,
        reauthSweepMs: env.NOTES_REAUTH_SWEEP_MS,
      },
      changes: {
        webhooksEnabled: env.NOTION_WEBHOOKS_ENABLED,
        webhookVerificationToken: env.NOTION_WEBHOOK_VERIFICATION_TOKEN,
        pollIntervalMs: env.NOTION_POLL_INTERVAL_SECONDS * 1000,
      },
    };
    this.operatorToken = env.OPERATOR_TOKEN;
    this.tokenKeys = env.TOKEN_ENCRYPTION_KEYS ? (parseKeyring(env.TOKEN_ENCRYPTION_KEYS) ?? undefined) : undefined;
  }

  /** True when no Notion client is configured: the app hosts the Notion sandbox itself. */
  get usesEmbeddedNotion(): boolean {
    return this.notion.clientId === undefined;
  }

  get isProduction(): boolean {
    return this.env === 'production';
  }

  get usesEmbeddedDatabase(): boolean {
    return this.database.url === undefined;
  }

  get usesMemoryStores(): boolean {
    return this.redis.url === undefined;
  }

  /** Returns a copy with some settings replaced; tests and the embedded bootstrap use it. */
  with(overrides: { database?: Partial<AppConfig['database']>; redis?: Partial<AppConfig['redis']> }): AppConfig {
    const copy = Object.create(AppConfig.prototype) as AppConfig;
    Object.assign(copy, this, {
      database: { ...this.database, ...overrides.database },
      redis: { ...this.redis, ...overrides.redis },
    });
    return Object.freeze(copy);
  }
}

/**
 * Parses the environment. Throws ConfigValidationError naming the bad variables (never their values), and
 * refuses the embedded database and in-memory stores in production unless ALLOW_EMBEDDED is set.
 */
export function loadConfig(source: Record<string, string | undefined>): AppConfig {
  const input = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, source[key] === '' ? undefined : source[key]]),
  );
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigValidationError(describeIssues(parsed.error));
  }
  const config = new AppConfig(parsed.data);
  if (config.isProduction && config.http.trustProxy === true) {
    throw new ConfigValidationError([
      'TRUST_PROXY (true trusts any client-sent X-Forwarded-For; in production give the hop count or the proxy addresses)',
    ]);
  }
  if (config.isProduction && !config.allowEmbedded) {
    const missing = [
      ...(config.usesEmbeddedDatabase ? ['DATABASE_URL'] : []),
      ...(config.usesMemoryStores ? ['REDIS_URL'] : []),
    ];
    if (missing.length > 0) {
      throw new ConfigValidationError(
        missing.map((name) => `${name} (required when NODE_ENV=production unless ALLOW_EMBEDDED=true)`),
      );
    }
  }
  const notionIssues = notionConfigIssues(config);
  if (notionIssues.length > 0) throw new ConfigValidationError(notionIssues);
  return Object.freeze(config);
}

/** Half a Notion client configuration is refused everywhere; production also needs configured token keys. */
function notionConfigIssues(config: AppConfig): string[] {
  const issues: string[] = [];
  if (config.notion.clientId !== undefined && config.notion.clientSecret === undefined) {
    issues.push('NOTION_CLIENT_SECRET (required with NOTION_CLIENT_ID)');
  }
  if (config.notion.clientId === undefined && config.notion.clientSecret !== undefined) {
    issues.push('NOTION_CLIENT_ID (required with NOTION_CLIENT_SECRET)');
  }
  if (config.isProduction && config.tokenKeys === undefined) {
    issues.push('TOKEN_ENCRYPTION_KEYS (required when NODE_ENV=production)');
  }
  return issues;
}

function describeIssues(error: z.ZodError): string[] {
  const names = new Map<string, string>();
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? 'environment');
    // zod messages describe the expected shape, not the received value, so they are safe to show.
    if (!names.has(name)) names.set(name, `${name} (${issue.message})`);
  }
  return [...names.values()];
}
