import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createApiKey } from '../support/api-keys';
import { bootApp, type TestApp } from '../support/app';
import { signUp } from '../support/auth';

/**
 * One casing for every JSON the product speaks (issue 20): camelCase in REST request bodies, query and path
 * parameters, responses, and in every tool's arguments and results. A model shown `parentPageId` in one tool
 * and `parent_page_id` in another guesses wrong; so does a person reading the API reference.
 */

/** snake_case: an underscore right after a lower-case letter or digit (`page_id`, `v2_x`); `_links`/`SCREAMING_CASE` are not keys we write. */
const SNAKE = /[a-z0-9]_/;

/**
 * Protocols defined by others keep their own casing; each exemption says whose rule it follows. Keys are
 * `METHOD /path` as the OpenAPI document writes them; the value lists the names allowed there.
 * - The Notion OAuth callback: Notion (RFC 6749 §4.1.2) redirects the browser with `code`, `state`, and on refusal
 *   `error`, `error_description`, `error_uri`; we cannot rename what Notion sends.
 * The MCP authorization server's own endpoints (/authorize, /token, /register, /revoke) and its metadata
 * (/.well-known/oauth-authorization-server, /.well-known/oauth-protected-resource: RFC 6749/7591/8414/9728
 * fields such as client_id, redirect_uris, access_token) are served by the MCP SDK's Express router, not by
 * Nest, so they are not in the OpenAPI document at all; the MCP protocol's JSON-RPC envelope is the SDK's too.
 */
const EXEMPT_PARAMETERS: Record<string, readonly string[]> = {
  'GET /integrations/{provider}/callback': ['error_description', 'error_uri'],
};

type Json = Record<string, unknown>;

/**
 * Every object key under a JSON Schema, recursively through $ref (resolved in `components`), allOf/oneOf/anyOf,
 * items, properties, additionalProperties; calls `offend` with a readable path for each snake_case key.
 */
function walkSchema(schema: unknown, where: string, offend: (path: string) => void, resolve: (ref: string) => unknown, seen: Set<unknown>): void {
  if (!schema || typeof schema !== 'object') return;
  if (seen.has(schema)) return;
  seen.add(schema);
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop() as string;
    walkSchema(resolve(s.$ref), `${where} → ${name}`, offend, resolve, seen);
  }
  if (s.properties && typeof s.properties === 'object') {
    for (const [key, value] of Object.entries(s.properties as Json)) {
      if (SNAKE.test(key)) offend(`${where}.${key}`);
      walkSchema(value, `${where}.${key}`, offend, resolve, seen);
    }
  }
  for (const required of Array.isArray(s.required) ? (s.required as unknown[]) : []) {
    if (typeof required === 'string' && SNAKE.test(required) && !(s.properties && required in (s.properties as Json))) offend(`${where} (required) ${required}`);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key])) (s[key] as unknown[]).forEach((part, i) => walkSchema(part, `${where}.${key}[${i}]`, offend, resolve, seen));
  }
  if (s.items) walkSchema(s.items, `${where}[]`, offend, resolve, seen);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') walkSchema(s.additionalProperties, `${where}{}`, offend, resolve, seen);
  for (const defs of ['$defs', 'definitions'] as const) {
    if (s[defs] && typeof s[defs] === 'object') {
      for (const [name, def] of Object.entries(s[defs] as Json)) walkSchema(def, `${where}#${name}`, offend, resolve, seen);
    }
  }
}

/** The snake_case keys of every request body, parameter and response of the OpenAPI document, exempt ones left out. */
export function snakeKeysOfOpenApi(document: Json): string[] {
  const offenders: string[] = [];
  const resolve = (ref: string) => ref.replace(/^#\//, '').split('/').reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
  const paths = document.paths as Record<string, Record<string, Json>>;
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!operation || typeof operation !== 'object') continue;
      const route = `${method.toUpperCase()} ${path}`;
      const exempt = new Set(EXEMPT_PARAMETERS[route] ?? []);
      const offend = (p: string) => offenders.push(p);
      for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
        const p = (typeof parameter.$ref === 'string' ? resolve(parameter.$ref) : parameter) as Json;
        const name = String(p.name);
        if (SNAKE.test(name) && !exempt.has(name)) offend(`${route} ${String(p.in)} parameter ${name}`);
        walkSchema(p.schema, `${route} parameter ${name}`, offend, resolve, new Set());
      }
      const body = operation.requestBody as Json | undefined;
      for (const [type, media] of Object.entries((body?.content as Record<string, Json> | undefined) ?? {})) {
        walkSchema(media.schema, `${route} body (${type})`, offend, resolve, new Set());
      }
      for (const [status, response] of Object.entries((operation.responses as Record<string, Json> | undefined) ?? {})) {
        for (const [type, media] of Object.entries((response.content as Record<string, Json> | undefined) ?? {})) {
          walkSchema(media.schema, `${route} ${status} (${type})`, offend, resolve, new Set());
        }
      }
    }
  }
  // Schemas no operation names still describe something we speak (or should be removed): walk them all too.
  for (const [name, schema] of Object.entries(((document.components as Json | undefined)?.schemas as Json | undefined) ?? {})) {
    walkSchema(schema, `components.schemas.${name}`, (p) => offenders.push(p), resolve, new Set());
  }
  return [...new Set(offenders)].sort();
}

describe('one casing: camelCase in every JSON the product speaks', () => {
  let t: TestApp;
  let base: string;
  let client: Client;

  beforeAll(async () => {
    t = await bootApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    const ada = await signUp(t, 'casing');
    const { key } = await createApiKey(t, ada, 'casing walk');
    client = new Client({ name: 'jest-casing', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  });
  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  it('finds a snake_case key wherever it hides (the walker itself can fail)', () => {
    const document = {
      paths: {
        '/x': {
          post: {
            parameters: [{ name: 'page_size', in: 'query', schema: { type: 'integer' } }],
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/In' } } } },
            responses: { '200': { content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Out' }] } } } } },
          },
        },
        '/integrations/{provider}/callback': {
          get: { parameters: [{ name: 'error_description', in: 'query' }], responses: {} },
        },
      },
      components: {
        schemas: {
          In: { type: 'object', properties: { okKey: { type: 'array', items: { type: 'object', properties: { deep_key: { type: 'string' } } } } } },
          Out: { type: 'object', properties: { nested: { oneOf: [{ type: 'object', properties: { created_at: {} } }] } } },
        },
      },
    };
    expect(snakeKeysOfOpenApi(document)).toEqual([
      'POST /x 200 (application/json).allOf[0] → Out.nested.oneOf[0].created_at',
      'POST /x body (application/json) → In.okKey[].deep_key',
      'POST /x query parameter page_size',
      'components.schemas.In.okKey[].deep_key',
      'components.schemas.Out.nested.oneOf[0].created_at',
    ]);
  });

  it('the OpenAPI document served at /docs-json: every request body, parameter and response', async () => {
    const res = await t.http().get('/docs-json');
    expect(res.status).toBe(200);
    const document = res.body as Json;
    // The walk must reach something: the pages and notes routes are there to be read.
    expect(Object.keys(document.paths as Json)).toEqual(expect.arrayContaining(['/pages', '/notes', '/assistant/messages', '/tools']));
    expect(snakeKeysOfOpenApi(document)).toEqual([]);
  });

  it("every tool's input and output JSON Schema, as MCP tools/list publishes them", async () => {
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThanOrEqual(13);
    const offenders: string[] = [];
    const none = () => undefined;
    for (const tool of tools) {
      walkSchema(tool.inputSchema, `${tool.name} input`, (p) => offenders.push(p), none, new Set());
      walkSchema(tool.outputSchema, `${tool.name} output`, (p) => offenders.push(p), none, new Set());
    }
    expect(offenders.sort()).toEqual([]);
  });

  it('tool ids say what they identify: no tool result has a bare `id`', async () => {
    // A note id from one tool and a Notion page id from another, both called `id`, is how a model came to pass a
    // note id where a page id was wanted; results name `noteId`, `pageId` (and `userId` for the account).
    const { tools } = await client.listTools();
    const bare: string[] = [];
    for (const tool of tools) {
      const visit = (schema: unknown, where: string): void => {
        if (!schema || typeof schema !== 'object') return;
        const s = schema as Json;
        for (const [key, value] of Object.entries((s.properties as Json | undefined) ?? {})) {
          if (key === 'id') bare.push(`${where}.id`);
          visit(value, `${where}.${key}`);
        }
        if (s.items) visit(s.items, `${where}[]`);
        for (const k of ['allOf', 'oneOf', 'anyOf'] as const) if (Array.isArray(s[k])) (s[k] as unknown[]).forEach((x) => visit(x, where));
      };
      visit(tool.outputSchema, tool.name);
    }
    expect(bare.sort()).toEqual([]);
  });
});
