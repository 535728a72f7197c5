import { execFile } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** Lints `code` as if it were the file `filename` of the repository, with the project's own config. */
async function boundaryErrors(filename: string, code: string, rule = 'project/boundaries'): Promise<string[]> {
  const child = execFile(process.execPath, [ESLINT, '--format', 'json', '--stdin', '--stdin-filename', filename], { cwd: ROOT });
  child.stdin?.end(code);
  const [stdout] = await new Promise<[string, number | null]>((resolve) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('close', (exitCode) => resolve([out, exitCode]));
  });
  const [result] = JSON.parse(stdout) as { messages: LintMessage[] }[];
  return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('module boundaries are lint errors', () => {
  it.each([
    ['core imports a feature', 'src/core/openapi/x.ts', "export { SESSION_COOKIE } from '../../auth/sessions/session-cookie';", /core\/ must not import/],
    ['core imports the app module', 'src/core/http/x.ts', "export { AppModule } from '../../app.module';", /core\/ must not import/],
    ['the sandbox imports core', 'src/sandbox/notion/http/x.ts', "export * from '../../../core/config/app-config';", /sandbox stands alone/],
    ['a feature imports the sandbox', 'src/auth/x.ts', "export const load = () => import('../sandbox/notion');", /must not import the Notion sandbox/],
    ['the embedded bridge reaches past the sandbox entry', 'src/embedded/x.ts', "export * from '../sandbox/notion/store/store';", /must not import the Notion sandbox/],
    ['oauth chooses the Notion endpoint', 'src/oauth/x.ts', "export { EmbeddedModule } from '../embedded/embedded.module';", /Feature folders must not import embedded\//],
    ['oauth (deeper) chooses the Notion endpoint', 'src/oauth/providers/x.ts', "export { EmbeddedNotionEndpoint } from '../../embedded/embedded-notion.endpoint';", /must not import embedded\//],
    ['the gateway chooses the Notion endpoint', 'src/notion/x.ts', "export const load = () => import('../embedded/embedded-notion.endpoint');", /must not import embedded\//],
    ['the notes module imports the embedded module', 'src/notes/notes.module.ts', "export { EmbeddedModule } from '../embedded/embedded.module';", /must not import embedded\//],
    ['the webhook worker subscribes through the sandbox', 'src/notes/changes/x.ts', "export { EmbeddedNotionEndpoint } from '../../embedded/embedded-notion.endpoint';", /must not import embedded\//],
    ['pages chooses the Notion endpoint', 'src/pages/x.ts', "export { EmbeddedWebhookSubscriptions } from '../embedded/embedded-webhook-subscriptions';", /must not import embedded\//],
    ['notes read the token keyring', 'src/notes/sync/x.ts', "export { TokenKeyring } from '../../oauth/security/token-keyring';", /Only oauth\/ holds the token keyring/],
    ['notion rotates the token keys', 'src/notion/x.ts', "export { TokenRotationService } from '../oauth/security/token-rotation.service';", /Only oauth\/ holds the token keyring/],
  ])('%s', async (_label, filename, code, expected) => {
    expect(await boundaryErrors(filename, code)).toEqual([expect.stringMatching(expected)]);
  }, 60_000);

  it('keeps one door to Notion: an SDK client of its own is an error but in the gateway and the OAuth provider', async () => {
    const rule = '@typescript-eslint/no-restricted-imports';
    const ownClient = "import { Client } from '@notionhq/client';\nexport const notion = new Client({});";
    expect(await boundaryErrors('src/oauth/integrations/x.ts', ownClient, rule)).toEqual([expect.stringMatching(/through NotionGateway/)]);
    expect(await boundaryErrors('src/pages/x.ts', ownClient, rule)).toEqual([expect.stringMatching(/through NotionGateway/)]);
    expect(await boundaryErrors('src/notion/notion.gateway.ts', ownClient, rule)).toEqual([]);
    // Types and helpers of the SDK stay open to everyone.
    expect(await boundaryErrors('src/pages/x.ts', "import { isFullPage, type Client } from '@notionhq/client';\nexport const f = (c: Client) => [c, isFullPage];", rule)).toEqual([]);
  }, 60_000);

  it('allows features to import core, and each side to import itself', async () => {
    expect(await boundaryErrors('src/auth/x.ts', "export { Clock } from '../core/clock/clock';")).toEqual([]);
    expect(await boundaryErrors('src/sandbox/notion/http/x.ts', "export * from '../core/clock';")).toEqual([]);
    expect(await boundaryErrors('src/core/http/x.ts', "export * from '../errors/domain-error';")).toEqual([]);
    // The one bridge: src/embedded starts the sandbox in-process through its public entry.
    expect(await boundaryErrors('src/embedded/x.ts', "export { startNotionSandbox } from '../sandbox/notion';")).toEqual([]);
    // The composition root binds the ports (and main.ts prints the sandbox's address); embedded/ implements the
    // abstract ones of oauth/ and notes/, and imports itself.
    expect(await boundaryErrors('src/notion-endpoint.module.ts', "export { EmbeddedModule } from './embedded/embedded.module';")).toEqual([]);
    expect(await boundaryErrors('src/main.ts', "export { EmbeddedNotionEndpoint } from './embedded/embedded-notion.endpoint';")).toEqual([]);
    expect(await boundaryErrors('src/embedded/x.ts', "export { NotionEndpoint } from '../oauth/providers/notion-endpoint';")).toEqual([]);
    expect(await boundaryErrors('src/embedded/x.ts', "export { WebhookSubscriptions } from '../notes/changes/webhook-subscriptions';")).toEqual([]);
    expect(await boundaryErrors('src/embedded/x.ts', "export { EmbeddedNotionEndpoint } from './embedded-notion.endpoint';")).toEqual([]);
    // The keyring is oauth/'s own; its cipher is shared, for other secrets kept under the keyring.
    expect(await boundaryErrors('src/oauth/integrations/x.ts', "export { TokenKeyring } from '../security/token-keyring';")).toEqual([]);
    expect(await boundaryErrors('src/notes/changes/x.ts', "export { OAuthSecurityService } from '../../oauth/security/oauth-security.service';")).toEqual([]);
  }, 60_000);
});
