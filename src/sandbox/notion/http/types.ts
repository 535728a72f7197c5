import { IncomingHttpHeaders } from 'node:http';
import { NotionVersion } from '../core/version';
import { Obj } from '../content/validate';
import { Renderer } from '../content/render';
import { BotAccess } from '../store/access';
import { JsonObject } from '../store/model';

export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  rawBody: Buffer;
  requestId: string;
  /** Parsed JSON body; `undefined` when the body is empty; throws `invalid_json`. */
  json(): unknown;
  form(): URLSearchParams;
}

export interface SandboxResponse {
  status: number;
  body?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

/** Who made the call, filled in by the pipeline once known, for the request log and counters. */
export interface CallIdentity {
  botId: string | null;
  integrationId: string | null;
  tokenKey: string | null;
}

export type RawHandler = (req: SandboxRequest, who: CallIdentity) => SandboxResponse | Promise<SandboxResponse>;

/** One authenticated Notion API call. */
export interface ApiCall {
  req: SandboxRequest;
  version: NotionVersion;
  access: BotAccess;
  render: Renderer;
  /** The JSON body as an object (`{}` when absent). */
  body: Obj;
  botId: string;
}

export type ApiHandler = (call: ApiCall) => JsonObject | Promise<JsonObject>;

export type Route =
  | { kind: 'api'; method: string; template: string; handle: ApiHandler }
  | { kind: 'oauth' | 'html' | 'control'; method: string; template: string; handle: RawHandler };
