import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp } from '../support/auth';

const START = '<!-- tools:start -->';
const END = '<!-- tools:end -->';

/** The README's tool table, rendered from what GET /tools serves. */
function renderTable(tools: Array<{ function: { name: string; description: string; parameters: JsonObject } }>): string {
  const rows = tools.map(({ function: fn }) => `| \`${fn.name}\` | ${argumentsOf(fn.parameters)} | ${fn.description.replace(/\|/g, '\\|')} |`);
  return ['| tool | arguments (`?` optional) | what it does (the description the model reads) |', '|---|---|---|', ...rows].join('\n');
}

type JsonObject = { properties?: Record<string, unknown>; required?: string[] };

function argumentsOf(schema: JsonObject): string {
  const names = Object.keys(schema.properties ?? {});
  if (names.length === 0) return 'none';
  return names.map((name) => `\`${name}${schema.required?.includes(name) ? '' : '?'}\``).join(', ');
}

describe("the README's tool list", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  it('lists exactly the registered tools with their descriptions (paste the expected block when it drifts)', async () => {
    const user = await signUp(t, 'readme');
    const res = await t.http().get('/tools').set(...bearer(user.token));
    expect(res.status).toBe(200);
    const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(readme.slice(start + START.length, end).trim()).toBe(renderTable(res.body));
  });
});
