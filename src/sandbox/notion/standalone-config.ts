import { MIN_CONTROL_TOKEN_LENGTH } from './http/control-auth';
import { NotionSandboxOptions } from './sandbox';

/**
 * The standalone sandbox's settings, read once from the environment. Bad values fail start-up
 * naming the variable, never echoing its value.
 */
export interface StandaloneConfig {
  options: NotionSandboxOptions;
}

export const DEFAULT_PORT = 4010;

type Env = Record<string, string | undefined>;

function number(env: Env, name: string, problems: string[], check: (n: number) => boolean): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) {
    problems.push(name);
    return undefined;
  }
  return value;
}

function text(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

export function readStandaloneConfig(env: Env): StandaloneConfig {
  const problems: string[] = [];
  const port = number(env, 'NOTION_SANDBOX_PORT', problems, (n) => Number.isInteger(n) && n >= 0 && n < 65536) ?? DEFAULT_PORT;
  const rate = number(env, 'NOTION_SANDBOX_RATE_LIMIT', problems, (n) => n >= 0);
  const burst = number(env, 'NOTION_SANDBOX_RATE_BURST', problems, (n) => Number.isInteger(n) && n >= 1);
  const retryAfter = number(env, 'NOTION_SANDBOX_RETRY_AFTER', problems, (n) => Number.isInteger(n) && n >= 0);
  const ttl = number(env, 'NOTION_SANDBOX_ACCESS_TOKEN_TTL', problems, (n) => Number.isInteger(n) && n > 0);
  const webhookWindow = number(env, 'NOTION_SANDBOX_WEBHOOK_AGGREGATION_MS', problems, (n) => Number.isInteger(n) && n >= 0);
  const webhookRetry = number(env, 'NOTION_SANDBOX_WEBHOOK_RETRY_BASE_MS', problems, (n) => Number.isInteger(n) && n >= 0);
  const redirectUris = text(env, 'NOTION_SANDBOX_REDIRECT_URIS')?.split(',').map((u) => u.trim()).filter(Boolean);
  for (const uri of redirectUris ?? []) {
    if (!URL.canParse(uri)) problems.push('NOTION_SANDBOX_REDIRECT_URIS');
  }
  const controlToken = text(env, 'NOTION_SANDBOX_CONTROL_TOKEN');
  if (controlToken !== undefined && (controlToken.length < MIN_CONTROL_TOKEN_LENGTH || /\s/.test(controlToken))) problems.push('NOTION_SANDBOX_CONTROL_TOKEN');
  if (problems.length) throw new Error(`Invalid environment for the Notion sandbox: ${[...new Set(problems)].join(', ')}`);
  return {
    options: {
      port,
      host: text(env, 'NOTION_SANDBOX_HOST') ?? '127.0.0.1',
      control: true,
      controlToken,
      rateLimit: rate === 0 ? false : { ...(rate !== undefined && { requestsPerSecond: rate }), ...(burst !== undefined && { burst }), ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }) },
      snapshotFile: text(env, 'NOTION_SANDBOX_SNAPSHOT'),
      accessTokenTtlSeconds: ttl ?? null,
      webhooks: { ...(webhookWindow !== undefined && { aggregationWindowMs: webhookWindow }), ...(webhookRetry !== undefined && { retryBaseMs: webhookRetry }) },
      demo: {
        internalToken: text(env, 'NOTION_SANDBOX_INTERNAL_TOKEN'),
        clientId: text(env, 'NOTION_SANDBOX_CLIENT_ID'),
        clientSecret: text(env, 'NOTION_SANDBOX_CLIENT_SECRET'),
        redirectUris,
      },
    },
  };
}
