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
  DATABASE_POOL_SIZE: int(10, 1, 100),
  DATABASE_MIGRATIONS_RUN: bool(true),

  REDIS_URL: optionalUrl(['redis', 'rediss']),
  REDIS_KEY_PREFIX: z.string().default('pa:'),

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
});

export type Env = z.infer<typeof envSchema>;
