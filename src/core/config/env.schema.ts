import { z } from 'zod';
import { trustProxySchema } from './trust-proxy';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A boolean that stays undefined when unset, for defaults that depend on other variables. */
const optionalBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes'));

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const csv = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/**
 * Every environment variable the service reads. `.env.example` documents each one; keep the two in step.
 * Values are never echoed back in errors, only the names of the variables that failed.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(3000, 0, 65535),
  /** Unset: http://localhost:<PORT>. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  ALLOW_EMBEDDED: bool(false),

  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  // At least 2: provisioning a Notion workspace holds one connection for its lock while its calls use another.
  DATABASE_POOL_SIZE: int(10, 2, 100),
  DATABASE_MIGRATIONS_RUN: bool(true),
  // A server that stops answering must cost a request a short wait and a 503, not a hang: the sum of the
  // two stays under 3 s by default.
  DATABASE_CONNECT_TIMEOUT_MS: int(2000, 100, 600000),
  DATABASE_QUERY_TIMEOUT_MS: int(2000, 100, 3600000),

  REDIS_URL: optionalUrl(['redis', 'rediss']),
  REDIS_KEY_PREFIX: z.string().default('pa:'),
  REDIS_CONNECT_TIMEOUT_MS: int(2000, 100, 600000),
  REDIS_COMMAND_TIMEOUT_MS: int(1000, 50, 600000),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool(false),

  CORS_ORIGINS: csv,
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 512kb or 1mb')
    .default('1mb'),
  THROTTLE_TTL_SECONDS: int(60, 1),
  THROTTLE_LIMIT: int(600, 0),
  TRUST_PROXY: trustProxySchema,
  SHUTDOWN_TIMEOUT_MS: int(10000, 0),

  SESSION_IDLE_TIMEOUT_SECONDS: int(86400, 1),
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: int(2592000, 1),
  /** Unset: true when PUBLIC_URL is https. */
  COOKIE_SECURE: optionalBool,
  LOGIN_MAX_ATTEMPTS_PER_EMAIL: int(5, 1),
  LOGIN_MAX_ATTEMPTS_PER_IP: int(20, 1),
  LOGIN_WINDOW_SECONDS: int(900, 1),

  // LLM (note enhancement): on when LLM_API_KEY or LLM_BASE_URL is set; otherwise the offline enhancer.
  LLM_BASE_URL: optionalUrl(['http', 'https']),
  LLM_API_KEY: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  LLM_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: int(20000, 1, 600000),
  LLM_MAX_RETRIES: int(1, 0, 10),
  LLM_MAX_INPUT_CHARS: int(8000, 500, 1000000),
  // The assistant (POST /assistant/messages): messages per user per minute.
  ASSISTANT_MESSAGES_PER_MINUTE: int(20, 1, 10000),
  // MCP authorization (AI clients signing in with OAuth): access token lifetime, refresh token lifetime.
  MCP_ACCESS_TOKEN_TTL_SECONDS: int(3600, 60, 86400),
  MCP_REFRESH_TOKEN_TTL_DAYS: int(30, 1, 365),
  // --- Notion OAuth and the token vault (src/oauth, src/embedded) ---
  NOTION_CLIENT_ID: z.string().trim().optional(),
  NOTION_CLIENT_SECRET: z.string().trim().optional(),
  NOTION_REDIRECT_URI: optionalUrl(['http', 'https']),
  NOTION_API_BASE_URL: optionalUrl(['http', 'https']),
  NOTION_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  NOTION_SANDBOX_HOST: z.string().trim().min(1).default('127.0.0.1'),
  TOKEN_ENCRYPTION_KEYS: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === '' || parseKeyring(v) !== null, {
      message: 'must be a comma-separated list of kid:base64 with 32-byte keys and distinct kids',
    }),
  NOTION_TIMEOUT_MS: int(30000, 100, 600000),
  NOTION_RATE_LIMIT_PER_SECOND: int(3, 1, 100),
  NOTION_RATE_LIMIT_MAX_WAIT_MS: int(20000, 0, 600000),
  NOTION_READ_RETRIES: int(3, 0, 10),
  NOTION_RETRY_BASE_DELAY_MS: int(300, 0, 60000),
  NOTION_CLIENT_CACHE_SIZE: int(1000, 1),
  NOTION_CLIENT_CACHE_TTL_SECONDS: int(300, 1),
  // Notes (src/notes): how long POST /notes waits for the sync before answering 202, and the sync worker.
  NOTES_SYNC_WAIT_MS: int(3000, 0, 60000),
  NOTES_SYNC_WORKER: bool(true),
  NOTES_SYNC_POLL_MS: int(1000, 10, 600000),
  NOTES_SYNC_CONCURRENCY: int(16, 1, 500),
  NOTES_SYNC_PER_INTEGRATION: int(2, 1, 100),
  NOTES_SYNC_MAX_ATTEMPTS: int(8, 1, 100),
  NOTES_SYNC_RETRY_BASE_MS: int(2000, 1, 3600000),
  NOTES_SYNC_LEASE_MS: int(120000, 1000, 3600000),
  NOTES_REAUTH_SWEEP_MS: int(60000, 10, 3600000),
  // Hearing about edits made in Notion (src/notes/changes): webhooks (need a public HTTPS address) or polling.
  NOTION_WEBHOOKS_ENABLED: bool(false),
  NOTION_WEBHOOK_VERIFICATION_TOKEN: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  NOTION_POLL_INTERVAL_SECONDS: int(60, 1, 86400),
  // The operator routes (e.g. GET /webhooks/notion/verification-token); unset: those routes answer 404.
  OPERATOR_TOKEN: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || v.length >= 16, { message: 'must be at least 16 characters' }),
});

/** `kid:base64,...` → ordered keys (the first encrypts); null when malformed. */
export function parseKeyring(value: string): { kid: string; key: Buffer }[] | null {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const keys: { kid: string; key: Buffer }[] = [];
  for (const entry of entries) {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/]+={0,2})$/.exec(entry);
    if (!match) return null;
    const key = Buffer.from(match[2], 'base64');
    if (key.length !== 32 || keys.some((k) => k.kid === match[1])) return null;
    keys.push({ kid: match[1], key });
  }
  return keys;
}

export type Env = z.infer<typeof envSchema>;
