import { Client, RetryOptions } from '@notionhq/client';
import { IntegrationInfo, NotionSandbox, NotionSandboxOptions, startNotionSandbox } from '../../../src/sandbox/notion';
import { ContractRecorder } from './contract-recorder';

export const VERSION = '2026-03-11';

/**
 * Two workspaces, a person in each (plus one in both), an internal integration per workspace
 * with one shared page, and a public integration — the cast most sandbox tests need. Every
 * response is checked against Notion's OpenAPI document as it passes (see ContractRecorder).
 */
export interface World {
  sandbox: NotionSandbox;
  contract: ContractRecorder;
  workspaceA: string;
  workspaceB: string;
  alice: string;
  bob: string;
  carol: string;
  internalA: IntegrationInfo & { token: string };
  internalB: IntegrationInfo & { token: string };
  publicApp: IntegrationInfo;
  pageA: string;
  pageB: string;
  /** A top-level page in workspace A that internalA was not given. */
  privatePageA: string;
  client(auth: string, options?: { version?: string; retry?: RetryOptions | false; timeoutMs?: number }): Client;
}

export const REDIRECT_URI = 'http://localhost:5999/oauth/callback';
export const SECOND_REDIRECT_URI = 'http://localhost:5999/oauth/other';

export async function startWorld(options: NotionSandboxOptions = {}): Promise<World> {
  const contract = new ContractRecorder();
  const sandbox = await startNotionSandbox({ rateLimit: false, ...options, onExchange: (e) => contract.record(e) });
  const c = sandbox.control;
  const alice = c.createPerson({ name: 'Alice', email: 'alice@sandbox.localhost' }).id;
  const bob = c.createPerson({ name: 'Bob', email: 'bob@sandbox.localhost' }).id;
  const carol = c.createPerson({ name: 'Carol', email: 'carol@sandbox.localhost' }).id;
  const workspaceA = c.createWorkspace({ name: 'Workspace A', memberIds: [alice, carol] }).id;
  const workspaceB = c.createWorkspace({ name: 'Workspace B', memberIds: [bob, carol] }).id;
  const pageA = String(c.seedPage({ workspaceId: workspaceA, title: 'Notes A', createdBy: alice, children: [{ paragraph: { rich_text: [{ text: { content: 'Hello A' } }] } }] }).id);
  const pageB = String(c.seedPage({ workspaceId: workspaceB, title: 'Notes B', createdBy: bob }).id);
  const privatePageA = String(c.seedPage({ workspaceId: workspaceA, title: 'Private A', createdBy: alice }).id);
  const internalA = c.createIntegration({ name: 'Internal A', kind: 'internal', workspaceId: workspaceA, pageIds: [pageA] }) as World['internalA'];
  const internalB = c.createIntegration({ name: 'Internal B', kind: 'internal', workspaceId: workspaceB, pageIds: [pageB] }) as World['internalB'];
  const publicApp = c.createIntegration({ name: 'Assistant', kind: 'public', redirectUris: [REDIRECT_URI, SECOND_REDIRECT_URI] });
  return {
    sandbox,
    contract,
    workspaceA,
    workspaceB,
    alice,
    bob,
    carol,
    internalA,
    internalB,
    publicApp,
    pageA,
    pageB,
    privatePageA,
    client: (auth, o = {}) =>
      new Client({
        auth,
        baseUrl: sandbox.url,
        notionVersion: o.version ?? VERSION,
        retry: o.retry ?? false,
        timeoutMs: o.timeoutMs,
        logger: () => undefined,
      }),
  };
}

export function text(content: string) {
  return [{ type: 'text' as const, text: { content } }];
}
