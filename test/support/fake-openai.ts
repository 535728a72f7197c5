import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one POST /v1/chat/completions. */
export type FakeReply =
  /** A well-formed completion whose message content is `JSON.stringify(json)`. */
  | { kind: 'answer'; json: unknown }
  /** A completion with this exact message content (invalid JSON, prose, a fenced block ...). */
  | { kind: 'content'; content: string; finishReason?: 'stop' | 'length' }
  | { kind: 'refusal'; refusal: string }
  /**
   * An HTTP error with an OpenAI-style error body. `echoAuthorization` puts the request's Authorization header
   * in the error message, as a careless proxy might, to prove it never travels further.
   */
  | { kind: 'status'; status: number; echoAuthorization?: boolean }
  /** Never answers; the connection stays open until the client gives up or the fake closes. */
  | { kind: 'hang' }
  /**
   * The model asks for function calls (finish_reason "tool_calls"). `arguments` is sent as JSON, or as it is
   * when it is a string (to script malformed arguments).
   */
  | { kind: 'toolCalls'; calls: FakeToolCall[]; content?: string }
  /** Decided when the request arrives, from what was sent (as a model reads the tool results it was given). */
  | { kind: 'decide'; decide: (body: RecordedRequest['body']) => FakeReply };

export interface FakeToolCall {
  name: string;
  arguments?: unknown;
}

export const reply = {
  answer: (json: unknown): FakeReply => ({ kind: 'answer', json }),
  content: (content: string, finishReason: 'stop' | 'length' = 'stop'): FakeReply => ({ kind: 'content', content, finishReason }),
  refusal: (refusal: string): FakeReply => ({ kind: 'refusal', refusal }),
  status: (status: number, options: { echoAuthorization?: boolean } = {}): FakeReply => ({ kind: 'status', status, ...options }),
  hang: (): FakeReply => ({ kind: 'hang' }),
  /** `reply.toolCalls({ name: 'get_account' }, { name: 'x', arguments: { a: 1 } })` */
  toolCalls: (...calls: FakeToolCall[]): FakeReply => ({ kind: 'toolCalls', calls }),
  /** A plain text answer (finish_reason "stop"). */
  text: (content: string): FakeReply => ({ kind: 'content', content, finishReason: 'stop' }),
  /** `reply.decide((body) => reply.toolCalls(...))`: the next step depends on the conversation so far. */
  decide: (decide: (body: RecordedRequest['body']) => FakeReply): FakeReply => ({ kind: 'decide', decide }),
};

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  body:
    | {
        model?: string;
        messages?: Array<{ role: string; content: string }>;
        response_format?: { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: Record<string, unknown> } };
        [key: string]: unknown;
      }
    | undefined;
}

/**
 * A small OpenAI-compatible server on loopback (port 0) serving POST /v1/chat/completions, scripted per test:
 * `enqueue` sets the replies of the next requests in order, `always` the reply once the queue is empty. Every
 * request is recorded in `requests`. Error replies carry `retry-after-ms: 1`, so the SDK's retries do not
 * sleep.
 */
export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: FakeReply[] = [];
  private fallback: FakeReply = { kind: 'status', status: 503 };
  private readonly hanging = new Set<http.ServerResponse>();
  private server: http.Server | undefined;
  private port = 0;

  static async start(): Promise<FakeOpenAi> {
    const fake = new FakeOpenAi();
    await fake.listen();
    return fake;
  }

  /** The base URL to configure (LLM_BASE_URL), ending in /v1. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  enqueue(...replies: FakeReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  always(fallback: FakeReply): this {
    this.fallback = fallback;
    return this;
  }

  /** Forgets recorded requests and queued replies; the default reply becomes a 503 again. */
  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.fallback = { kind: 'status', status: 503 };
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(): Promise<void> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    this.server = server;
    return new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: RecordedRequest['body'];
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const path = (req.url ?? '/').split('?')[0];
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });

    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return send(res, 404, { error: { message: `No route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }
    let next = this.queue.shift() ?? this.fallback;
    if (next.kind === 'decide') next = next.decide(body);
    switch (next.kind) {
      case 'decide':
        return send(res, 500, { error: { message: 'A decided reply must not decide again', type: 'server_error' } });
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      case 'status': {
        const echoed = next.echoAuthorization ? ` (received ${req.headers.authorization ?? 'no authorization'})` : '';
        return send(
          res,
          next.status,
          { error: { message: `Fake failure ${next.status}${echoed}`, type: 'server_error', code: null } },
          { 'retry-after-ms': '1' },
        );
      }
      case 'refusal':
        return send(res, 200, completion(body?.model, null, next.refusal, 'stop'));
      case 'content':
        return send(res, 200, completion(body?.model, next.content, null, next.finishReason ?? 'stop'));
      case 'answer':
        return send(res, 200, completion(body?.model, JSON.stringify(next.json), null, 'stop'));
      case 'toolCalls': {
        const answer = completion(body?.model, next.content ?? null, null, 'tool_calls');
        const toolCalls = next.calls.map((call) => {
          toolCallSequence += 1;
          const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
          return { id: `call_fake_${toolCallSequence}`, type: 'function', function: { name: call.name, arguments: args } };
        });
        return send(res, 200, { ...answer, choices: [{ ...answer.choices[0], message: { ...answer.choices[0].message, tool_calls: toolCalls } }] });
      }
    }
  }
}

let sequence = 0;
let toolCallSequence = 0;

function completion(model: string | undefined, content: string | null, refusal: string | null, finishReason: string) {
  sequence += 1;
  return {
    id: `chatcmpl-fake-${sequence}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: model ?? 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
