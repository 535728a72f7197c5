import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { LogCapture, type TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { connectWorkspace, newPerson, startOAuthWorld, type OAuthWorld, type Person } from '../oauth/support/oauth-world';
import { CORPUS, PATH_VALUES, documentedOperations, sendHostile, withParams, type Operation } from './support/hostile-corpus';

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
};
type Document = {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

/** Text that has broken Markdown converters, Notion request builders and databases before. */
const HOSTILE_TEXT: Array<[string, string]> = [
  ['lone surrogates', 'a\ud800b\udfffc'],
  ['NUL and control bytes', 'a\u0000b\u0001\u001b[31mc\u0007\u007f'],
  ['bidi and zero-width', '\u202eadmin\u200b\u2066x\ufeff'],
  ['50 nested lists', Array.from({ length: 50 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')],
  ['50 nested quotes', Array.from({ length: 50 }, (_, i) => `${'>'.repeat(i + 1)} quote ${i}`).join('\n')],
  ['a 5,000-character word', 'w'.repeat(5000)],
  ['non-Latin text', '日本語のテキストと한국어 텍스트'.repeat(1500)],
  ['Markdown and HTML injection', '[x](javascript:alert(1)) <script>alert(1)</script> ![i](http://127.0.0.1:1/x)\n\n| a | b |\n|---|---|\n| 1 |'],
  ['astral and combining characters', `${'💩'.repeat(600)}${'e\u0301'.repeat(600)}`],
  ['only whitespace', ' \n\t\u00a0\u3000 '],
  ['300 headings', Array.from({ length: 300 }, (_, i) => `# h${i}`).join('\n')],
  ['unbalanced code fences and mentions', '```js\n@[page](00000000-0000-4000-8000-000000000000) {{x}} ${y}\n~~~\n**_`'],
];

const PARSEABLE = CORPUS.filter((request) => {
  if (typeof request.body !== 'string' || request.headers?.['content-type'] !== 'application/json' || request.body.length > 10_000) return false;
  try {
    JSON.parse(request.body);
    return true;
  } catch {
    return false;
  }
});

interface Ids {
  integrationId: string;
  noteIds: [string, string];
  pageIds: [string, string];
}

const UUIDISH = /uuid|\[0-9a-fA-F\]\{8\}/;

const MAIN_TEXT_FIELDS = ['content', 'message', 'query', 'q', 'text', 'title'];

/**
 * A value that passes the operation's validation with `text` in free-text fields and real ids elsewhere:
 * `all` puts it in every free-text field, `main` only in the main one (content, message, query...), with
 * just the required fields beside it, so that one strict field cannot keep the text from the deeper layers.
 */
function shaped(doc: Document, schema: Schema, text: string, ids: Ids, mode: 'all' | 'main', name = '', depth = 0): unknown {
  if (schema.$ref) return shaped(doc, doc.components.schemas[schema.$ref.split('/').pop() as string], text, ids, mode, name, depth);
  if (schema.anyOf?.length) return shaped(doc, schema.anyOf[0], text, ids, mode, name, depth);
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid' || (schema.pattern && UUIDISH.test(schema.pattern)) || /_id$|Id$/.test(name)) return idFor(name, ids);
      return schema.maxLength ? text.slice(0, schema.maxLength) : text;
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [shaped(doc, schema.items, text, ids, mode, name, depth + 1)] : [];
    default: {
      if (depth > 4 || !schema.properties) return {};
      const required = new Set((schema as { required?: string[] }).required ?? []);
      const main = MAIN_TEXT_FIELDS.find((key) => schema.properties?.[key]?.type === 'string');
      const keys = Object.keys(schema.properties).filter((key) => mode === 'all' || required.has(key) || key === main);
      return Object.fromEntries(
        keys.map((key) => {
          const inner = (schema.properties as Record<string, Schema>)[key];
          const value = mode === 'main' && key !== main && inner.type === 'string' && !inner.enum ? 'x' : text;
          return [key, shaped(doc, inner, value, ids, mode, key, depth + 1)];
        }),
      );
    }
  }
}

function idFor(name: string, ids: Ids): string {
  if (/integration/i.test(name)) return ids.integrationId;
  if (/note/i.test(name)) return ids.noteIds[1];
  if (/conversation/i.test(name)) return '00000000-0000-4000-8000-000000000000';
  return ids.pageIds[1];
}

/** The operation's path with real ids of the connected user (or `fixed` for every parameter). */
function realPath(operation: Operation, ids: Ids, tool?: string): string {
  const [first, second] = operation.path.startsWith('/notes') ? ids.noteIds : ids.pageIds;
  return operation.path
    .replace('{provider}', 'notion')
    .replace('{name}', tool ?? 'get_account')
    .replace('{target}', second)
    .replace('{id}', operation.path.startsWith('/integrations') ? ids.integrationId : first);
}

/**
 * The corpus again, as a user whose Notion workspace is connected (the sandbox, reached over HTTP), so
 * notes, pages and tools inputs go past the "not connected" door into enhancement, Markdown conversion,
 * the Notion gateway and the sync worker. Besides the raw corpus, every operation gets bodies and query
 * strings that pass validation with hostile text in each free-text field, on the user's real notes and pages.
 */
describe('a hostile corpus as a connected user', () => {
  const logs = new LogCapture();
  let world: OAuthWorld;
  let t: TestApp;
  let base: string;
  let person: Person;
  let ids: Ids;
  const doc = JSON.parse(readFileSync(path.resolve(__dirname, '../../openapi.json'), 'utf8')) as Document;

  beforeAll(async () => {
    world = await startOAuthWorld();
    // Notion's pace is the sandbox's business here (its limit is off); the product's own limiter would make
    // this run minutes long.
    t = await world.boot({ LOG_LEVEL: 'error', NOTION_RETRY_BASE_DELAY_MS: '10', NOTION_RATE_LIMIT_PER_SECOND: '100', NOTES_SYNC_WAIT_MS: '0' }, { logs });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    person = await newPerson(t, world, 'hostile-connected');
    const integrationId = await connectWorkspace(t, world, person);
    const note = () => t.http().post('/notes').set(...bearer(person.token)).send({ content: 'A plain note.', enhance: false });
    const page = () => t.http().post('/pages').set(...bearer(person.token)).send({ title: 'Plain', content: 'text' }).expect(201);
    const notes = [(await note()).body.id as string, (await note()).body.id as string] as [string, string];
    const pages = [(await page()).body.pageId as string, (await page()).body.pageId as string] as [string, string];
    ids = { integrationId, noteIds: notes, pageIds: pages };
  });
  afterAll(() => world.close());

  it('never answers 5xx, and nothing is logged as an error', async () => {
    const tools = ((await t.http().get('/tools').set(...bearer(person.token)).expect(200)).body as { function: { name: string; parameters: Schema } }[]).map(
      (tool) => tool.function,
    );
    // Tools that delete run last, like the DELETE routes, so the others work on live pages.
    tools.sort((a, b) => Number(a.name.startsWith('delete_')) - Number(b.name.startsWith('delete_')));
    // Not the account's own credentials and sessions (the other run covers them), not a disconnect, not the
    // assistant (its model is not configured here: 503 LLM_NOT_CONFIGURED is the honest answer); deletions last.
    const operations = documentedOperations()
      .filter((o) => !/^\/(auth|health|assistant)/.test(o.path) && !(o.method === 'DELETE' && o.path === '/integrations/{id}'))
      .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    const failures: string[] = [];
    const seen = new Set<string>();
    let sent = 0;
    const attempt = async (operation: Operation, url: string, label: string, body?: string) => {
      const request = body === undefined ? CORPUS.find((r) => r.name === label) ?? { name: label } : { name: label, headers: { 'content-type': 'application/json' }, body };
      const status = await sendHostile(base, operation, url, request, person.token);
      sent += 1;
      if (status >= 500) failures.push(`${status} ${operation.method} ${url.slice(0, 80)} ${label}`);
    };

    for (const operation of operations) {
      const spec = doc.paths[operation.path][operation.method.toLowerCase()];
      const bodySchema = spec.requestBody?.content['application/json']?.schema;
      const query = (spec.parameters ?? []).filter((p) => p.in === 'query');
      for (const tool of operation.path.includes('{name}') ? tools : [undefined]) {
        const url = realPath(operation, ids, tool?.name);
        // The raw corpus where there is a body to parse, only what parses into a JSON value (what is refused
        // at the parser, and header attacks, are the other run's and do not depend on a connection).
        if (bodySchema || tool) for (const request of PARSEABLE) await attempt(operation, url, request.name);
        for (const [label, text] of HOSTILE_TEXT) {
          for (const mode of ['all', 'main'] as const) {
            const body = tool
              ? { arguments: shaped(doc, tool.parameters, text, ids, mode) }
              : bodySchema
                ? shaped(doc, bodySchema, text, ids, mode)
                : undefined;
            const params = query.filter((p) => mode === 'all' || MAIN_TEXT_FIELDS.includes(p.name));
            const search = new URLSearchParams(
              params.map((p): [string, string] => [p.name, String(shaped(doc, p.schema ?? { type: 'string' }, text, ids, mode, p.name))]),
            );
            const withQuery = params.length ? `${url}?${search}` : url;
            const key = `${operation.method} ${withQuery} ${JSON.stringify(body)}`;
            if ((body !== undefined || params.length) && !seen.has(key)) {
              seen.add(key);
              await attempt(operation, withQuery, `${label} (${mode})`, body === undefined ? undefined : JSON.stringify(body));
            }
          }
        }
      }
      if (!operation.path.includes('{id}')) continue;
      for (const value of PATH_VALUES) {
        const body = bodySchema ? JSON.stringify(shaped(doc, bodySchema, 'x', ids, 'main')) : undefined;
        await attempt(operation, withParams(operation.path, value).replace('{name}', 'get_account'), `path ${value.slice(0, 20)}`, body);
      }
    }
    expect(PARSEABLE.length).toBeGreaterThan(8);
    expect(sent).toBeGreaterThan(600);
    expect(failures).toEqual([]);
    // The connection is still there and working, and the sync worker met no unexpected failure.
    await t.http().get(`/integrations/${ids.integrationId}/status`).set(...bearer(person.token)).expect(200);
    expect(logs.lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  }, 600_000);
});
