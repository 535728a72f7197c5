import { Clock } from '../core/clock';
import { SandboxStore } from '../store/store';
import { FaultInjector } from '../traffic/faults';
import { RateLimiter } from '../traffic/rate-limiter';
import { RequestLog } from '../traffic/request-log';
import { RequestValidator } from '../validation/request-validator';

/** One request/response pair, handed to `onExchange` (contract tests validate these). */
export interface Exchange {
  method: string;
  path: string;
  route: string | null;
  /** The request's Notion-Version header (null when absent). */
  notionVersion: string | null;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
  responseHeaders: Record<string, string>;
}

export interface SandboxSettings {
  accessTokenTtlSeconds: number | null;
  authCodeTtlSeconds: number;
  controlEnabled: boolean;
  /** The bearer token the control API requires (null when the control API is off). */
  controlToken: string | null;
}

/** Everything the request pipeline and the routes share. */
export interface SandboxContext {
  store: SandboxStore;
  clock: Clock;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  settings: SandboxSettings;
  /** Checks request bodies against Notion's OpenAPI document. */
  validator: RequestValidator;
  baseUrl(): string;
  onExchange?: (exchange: Exchange) => void;
}
