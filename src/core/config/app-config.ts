import * as path from 'node:path';
import { z } from 'zod';
import { envSchema, type Env } from './env.schema';
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
  };
  readonly redis: { url: string | undefined; keyPrefix: string };
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
    };
    this.redis = { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
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
  return Object.freeze(config);
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
