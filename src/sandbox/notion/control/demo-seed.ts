import { SandboxControl } from './control';

export interface DemoSeedOptions {
  internalToken?: string;
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
}

export interface DemoInfo {
  workspaceId: string;
  personId: string;
  pageId: string;
  internalIntegrationId: string;
  internalToken: string;
  publicIntegrationId: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export const DEFAULT_REDIRECT_URIS = ['http://localhost:3000/api/notion/oauth/callback'];

/**
 * The zero-config content: one workspace with one person and a demo page, an internal
 * integration that can see the page, and a public integration for the OAuth flow.
 */
export function seedDemo(control: SandboxControl, options: DemoSeedOptions = {}): DemoInfo {
  const person = control.createPerson({ name: 'Demo Person', email: 'demo@sandbox.localhost' });
  const workspace = control.createWorkspace({ name: 'Demo Workspace', memberIds: [person.id] });
  const page = control.seedPage({
    workspaceId: workspace.id,
    title: 'Demo page',
    createdBy: person.id,
    children: [
      { heading_2: { rich_text: [{ text: { content: 'Welcome to the Notion sandbox' } }] } },
      { paragraph: { rich_text: [{ text: { content: 'This page lives only in the sandbox. Integrations it is shared with can read and write it.' } }] } },
      { to_do: { rich_text: [{ text: { content: 'Connect the assistant' } }], checked: false } },
    ],
  });
  const internal = control.createIntegration({
    name: 'Sandbox Internal Integration',
    kind: 'internal',
    workspaceId: workspace.id,
    token: options.internalToken,
    pageIds: [String(page.id)],
  });
  const publicIntegration = control.createIntegration({
    name: 'Sandbox Public Integration',
    kind: 'public',
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUris: options.redirectUris?.length ? options.redirectUris : DEFAULT_REDIRECT_URIS,
  });
  return {
    workspaceId: workspace.id,
    personId: person.id,
    pageId: String(page.id),
    internalIntegrationId: internal.id,
    internalToken: internal.token as string,
    publicIntegrationId: publicIntegration.id,
    clientId: publicIntegration.clientId,
    clientSecret: publicIntegration.clientSecret,
    redirectUris: publicIntegration.redirectUris,
  };
}

/**
 * Finds the demo content in a state restored from a snapshot, applying any credentials given
 * again (environment variables win over what the snapshot remembered).
 */
export function recoverDemo(control: SandboxControl, options: DemoSeedOptions = {}): DemoInfo | null {
  const state = control.liveState();
  const integrations = Object.values(state.integrations);
  const internal = integrations.find((i) => i.kind === 'internal' && i.name === 'Sandbox Internal Integration');
  const publicIntegration = integrations.find((i) => i.kind === 'public' && i.name === 'Sandbox Public Integration');
  const workspace = internal?.workspaceId ? state.workspaces[internal.workspaceId] : undefined;
  if (!internal || !publicIntegration || !workspace) return null;
  const bot = Object.values(state.bots).find((b) => b.integrationId === internal.id);
  let internalToken = Object.values(state.tokens).find((t) => t.integrationId === internal.id && !t.revoked)?.token;
  if (!bot || !internalToken) return null;
  if (options.internalToken && options.internalToken !== internalToken) {
    state.tokens[internalToken].revoked = true;
    state.tokens[options.internalToken] = { ...state.tokens[internalToken], token: options.internalToken, revoked: false };
    internalToken = options.internalToken;
  }
  if (options.clientId) publicIntegration.clientId = options.clientId;
  if (options.clientSecret) publicIntegration.clientSecret = options.clientSecret;
  if (options.redirectUris?.length) publicIntegration.redirectUris = [...options.redirectUris];
  return {
    workspaceId: workspace.id,
    personId: workspace.memberIds[0] ?? '',
    pageId: bot.grants[0] ?? '',
    internalIntegrationId: internal.id,
    internalToken,
    publicIntegrationId: publicIntegration.id,
    clientId: publicIntegration.clientId,
    clientSecret: publicIntegration.clientSecret,
    redirectUris: [...publicIntegration.redirectUris],
  };
}
