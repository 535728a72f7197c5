import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { Socket } from 'node:net';
import { NotionApiError, OAuthError, apiErrorBody, oauthErrorBody, rateLimited, serverError } from '../core/errors';
import { newId } from '../core/ids';
import { Fault } from '../traffic/faults';
import { SandboxContext } from './context';
import { identify } from './auth';
import { executeRoute } from './pipeline';
import { Router } from './router';
import { CallIdentity, SandboxRequest, SandboxResponse } from './types';

const MAX_READ_BYTES = 8 * 1024 * 1024;

/**
 * The HTTP front door: reads the request, applies injected faults, runs the route, writes
 * Notion's headers, and records the exchange. Sockets are tracked so `close()` really closes,
 * even with a request that was told never to answer.
 */
export class SandboxServer {
  readonly http: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly ctx: SandboxContext,
    private readonly router: Router,
  ) {
    this.http = createServer((req, res) => void this.handle(req, res));
    this.http.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.http.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = newId();
    const url = new URL(req.url ?? '/', 'http://sandbox.localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const who: CallIdentity = { botId: null, integrationId: null, tokenKey: null };
    const matched = this.router.match(method, url.pathname);
    const route = matched && matched !== 'wrong_method' ? matched.route : null;
    let faultApplied: Fault | null = null;
    let response: SandboxResponse;
    let requestBody: unknown;
    try {
      const rawBody = await readBody(req);
      const request = buildRequest(method, url, req, rawBody, requestId, matched && matched !== 'wrong_method' ? matched.params : {});
      requestBody = safeJson(rawBody);
      const fault = route && route.kind !== 'control' && route.kind !== 'html' ? this.ctx.faults.take(method, url.pathname, route.template) : null;
      faultApplied = fault;
      if (fault && route?.kind === 'api') Object.assign(who, identify(this.ctx.store, request.headers.authorization));
      if (fault?.kind === 'latency') await delay(fault.latencyMs ?? 0);
      if (fault?.kind === 'reset') {
        req.socket.destroy();
        this.record(method, url.pathname, route?.template ?? null, who, 0, requestId, started, fault);
        return;
      }
      if (fault?.kind === 'hang') {
        this.record(method, url.pathname, route?.template ?? null, who, 0, requestId, started, fault);
        return;
      }
      if (fault?.kind === 'status') throw serverError(fault.status ?? 500);
      if (fault?.kind === 'rate_limit') throw rateLimited(fault.retryAfterSeconds ?? 1);
      if (!matched) throw invalidUrl(url.pathname, this.ctx.settings.controlEnabled);
      if (matched === 'wrong_method') throw invalidUrl(url.pathname, true);
      response = await executeRoute(this.ctx, matched.route, request, who);
      if (fault?.kind === 'fail_after_write') throw serverError(fault.status ?? 500);
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    this.write(res, response, requestId);
    this.record(method, url.pathname, route?.template ?? null, who, response.status, requestId, started, faultApplied);
    this.ctx.onExchange?.({
      method,
      path: url.pathname,
      route: route?.template ?? null,
      notionVersion: typeof req.headers['notion-version'] === 'string' ? req.headers['notion-version'] : null,
      status: response.status,
      requestBody,
      responseBody: response.html ?? response.body,
      responseHeaders: { 'x-notion-request-id': requestId, ...response.headers },
    });
  }

  private write(res: ServerResponse, response: SandboxResponse, requestId: string): void {
    if (res.destroyed) return;
    const headers: Record<string, string> = { 'x-notion-request-id': requestId, ...response.headers };
    if (response.html !== undefined) {
      res.writeHead(response.status, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      res.end(response.html);
      return;
    }
    if (response.body === undefined) {
      res.writeHead(response.status, headers);
      res.end();
      return;
    }
    res.writeHead(response.status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(response.body));
  }

  private record(method: string, path: string, route: string | null, who: CallIdentity, status: number, requestId: string, started: number, fault: Fault | null): void {
    this.ctx.log.record(
      {
        time: new Date(this.ctx.clock.now()).toISOString(),
        method,
        path,
        route,
        botId: who.botId,
        integrationId: who.integrationId,
        status,
        requestId,
        durationMs: Date.now() - started,
        fault: fault?.kind ?? null,
      },
      who.tokenKey,
    );
  }
}

function invalidUrl(path: string, known: boolean): NotionApiError {
  return known || !path.startsWith('/__sandbox')
    ? new NotionApiError(400, 'invalid_request_url', 'Invalid request URL.')
    : new NotionApiError(404, 'object_not_found', 'The sandbox control API is disabled.');
}

function errorResponse(error: unknown, requestId: string): SandboxResponse {
  if (error instanceof NotionApiError) {
    return { status: error.status, body: apiErrorBody(error, requestId), headers: error.headers };
  }
  if (error instanceof OAuthError) return { status: error.status, body: oauthErrorBody(error, requestId) };
  // Unexpected failures are bugs in the sandbox: answer like Notion, keep the cause on stderr.
  process.stderr.write(`notion-sandbox: unexpected error in request ${requestId}: ${error instanceof Error ? error.stack : String(error)}\n`);
  return { status: 500, body: apiErrorBody(serverError(500), requestId) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_READ_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function buildRequest(method: string, url: URL, req: IncomingMessage, rawBody: Buffer, requestId: string, params: Record<string, string>): SandboxRequest {
  let parsed: { value: unknown } | null = null;
  return {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    params,
    rawBody,
    requestId,
    json() {
      if (!parsed) {
        const text = rawBody.toString('utf8');
        if (text.trim() === '') parsed = { value: undefined };
        else {
          try {
            parsed = { value: JSON.parse(text) };
          } catch {
            throw new NotionApiError(400, 'invalid_json', 'Error parsing JSON body.');
          }
        }
      }
      return parsed.value;
    },
    form() {
      return new URLSearchParams(rawBody.toString('utf8'));
    },
  };
}

function safeJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
