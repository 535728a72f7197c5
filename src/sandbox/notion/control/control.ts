import { newId, newSecret } from '../core/ids';
import { Clock } from '../core/clock';
import { parseBlockList } from '../content/block-requests';
import { createPage } from '../content/pages';
import { Renderer } from '../content/render';
import { textItems } from '../content/rich-text';
import { PayloadBudget } from '../content/validate';
import { emptyState, Integration, IntegrationKind, JsonObject, Person, SandboxState, Workspace } from '../store/model';
import { SandboxStore, plainTextOf } from '../store/store';
import { checkConsent, installBot, issueCode, issueTokenPair, tokenResponse } from '../oauth/grants';
import { Fault, FaultInjector, FaultSpec } from '../traffic/faults';
import { RateLimiter } from '../traffic/rate-limiter';
import { RequestLog, RequestLogEntry, TokenCounters } from '../traffic/request-log';
import { ContentTreeNode } from '../content/tree';

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CreateIntegrationInput {
  name: string;
  kind: IntegrationKind;
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  /** Required for internal integrations: the one workspace they live in. */
  workspaceId?: string;
  /** Internal integrations only: the static token (generated when omitted). */
  token?: string;
  /** Internal integrations only: pages shared with it. */
  pageIds?: string[];
  id?: string;
}

export interface IntegrationInfo extends Integration {
  /** Internal integrations: their static token and bot. */
  token: string | null;
  botId: string | null;
}

export interface EnsurePublicIntegrationInput {
  name: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface EnsurePersonInput {
  /** The embedding product's stable id for this person (e.g. its user id). */
  externalId: string;
  name: string;
  email: string;
}

export interface HostedPerson {
  personId: string;
  workspaceId: string;
  /** The starter page created with the workspace (shareable at consent). */
  pageId: string;
}

export interface SeedPageInput {
  workspaceId: string;
  title: string;
  /** A page id to nest under; the page is a top-level workspace page when omitted. */
  parentPageId?: string;
  /** Block objects in Notion's request format. */
  children?: unknown[];
  createdBy?: string;
}

export interface GrantInput {
  integrationId: string;
  workspaceId: string;
  personId: string;
  pageIds?: string[];
  redirectUri?: string | null;
}

export interface ControlDeps {
  store: SandboxStore;
  clock: Clock;
  faults: FaultInjector;
  limiter: RateLimiter;
  log: RequestLog;
  baseUrl: () => string;
  accessTokenTtlSeconds: () => number | null;
  authCodeTtlSeconds: number;
  /** Re-applied after `reset()` (the standalone sandbox's demo content). */
  afterReset?: () => void;
}

/** Test and dev operations behind `/__sandbox` and `sandbox.control`. */
export class SandboxControl {
  constructor(private readonly deps: ControlDeps) {}

  private get state(): SandboxState {
    return this.deps.store.state;
  }

  private changed<T>(value: T): T {
    this.deps.store.changed();
    return value;
  }

  createWorkspace(input: { name: string; id?: string; icon?: string | null; memberIds?: string[] }): Workspace {
    if (!input?.name) throw new ControlError(400, 'name is required');
    const workspace: Workspace = { id: input.id ?? newId(), name: input.name, icon: input.icon ?? null, memberIds: [] };
    this.state.workspaces[workspace.id] = workspace;
    for (const personId of input.memberIds ?? []) this.addMember(workspace.id, personId);
    return this.changed(workspace);
  }

  listWorkspaces(): Workspace[] {
    return Object.values(this.state.workspaces);
  }

  createPerson(input: { name: string; email: string; id?: string; avatarUrl?: string | null; workspaceIds?: string[] }): Person {
    if (!input?.name || !input.email) throw new ControlError(400, 'name and email are required');
    const person: Person = { id: input.id ?? newId(), name: input.name, email: input.email, avatarUrl: input.avatarUrl ?? null };
    this.state.people[person.id] = person;
    for (const workspaceId of input.workspaceIds ?? []) this.addMember(workspaceId, person.id);
    return this.changed(person);
  }

  addMember(workspaceId: string, personId: string): Workspace {
    const workspace = this.requireWorkspace(workspaceId);
    if (!this.state.people[personId]) throw new ControlError(404, `unknown person ${personId}`);
    if (!workspace.memberIds.includes(personId)) workspace.memberIds.push(personId);
    return this.changed(workspace);
  }

  createIntegration(input: CreateIntegrationInput): IntegrationInfo {
    if (!input?.name || (input.kind !== 'public' && input.kind !== 'internal')) {
      throw new ControlError(400, 'name and kind ("public" or "internal") are required');
    }
    if (input.kind === 'internal') this.requireWorkspace(input.workspaceId ?? '');
    const clientId = input.clientId ?? newId();
    if (Object.values(this.state.integrations).some((i) => i.clientId === clientId)) throw new ControlError(409, 'clientId already in use');
    const integration: Integration = {
      id: input.id ?? newId(),
      name: input.name,
      kind: input.kind,
      clientId,
      clientSecret: input.clientSecret ?? newSecret('secret_'),
      redirectUris: input.redirectUris ?? [],
      workspaceId: input.kind === 'internal' ? (input.workspaceId as string) : null,
    };
    this.state.integrations[integration.id] = integration;
    let token: string | null = null;
    let botId: string | null = null;
    if (integration.kind === 'internal') {
      const bot = installBot(this.deps.store, integration, integration.workspaceId as string, null, []);
      botId = bot.id;
      token = input.token ?? newSecret('ntn_');
      if (this.state.tokens[token]) throw new ControlError(409, 'token already in use');
      const now = this.deps.clock.now();
      this.state.tokens[token] = { token, kind: 'access', botId: bot.id, integrationId: integration.id, family: newId(), issuedAt: now, expiresAt: null, revoked: false };
      if (input.pageIds?.length) this.sharePages(integration.id, input.pageIds);
    }
    this.deps.store.changed();
    return { ...this.describeIntegration(integration), token, botId };
  }

  private describeIntegration(i: Integration): IntegrationInfo {
    return { id: i.id, name: i.name, kind: i.kind, clientId: i.clientId, clientSecret: i.clientSecret, redirectUris: [...i.redirectUris], workspaceId: i.workspaceId, token: null, botId: null };
  }

  /**
   * Creates or updates (found by `clientId`) a public integration, so an embedding app can
   * register itself with the same credentials at every boot. Its id and bots survive updates.
   */
  ensurePublicIntegration(input: EnsurePublicIntegrationInput): IntegrationInfo {
    if (!input?.name || !input.clientId || !input.clientSecret) throw new ControlError(400, 'name, clientId and clientSecret are required');
    if (!Array.isArray(input.redirectUris) || input.redirectUris.some((uri) => typeof uri !== 'string' || !URL.canParse(uri))) {
      throw new ControlError(400, 'redirectUris must be a list of absolute URLs');
    }
    const existing = Object.values(this.state.integrations).find((i) => i.clientId === input.clientId);
    if (!existing) return this.createIntegration({ name: input.name, kind: 'public', clientId: input.clientId, clientSecret: input.clientSecret, redirectUris: input.redirectUris });
    if (existing.kind !== 'public') throw new ControlError(409, 'clientId belongs to an internal integration');
    const changed = existing.name !== input.name || existing.clientSecret !== input.clientSecret || existing.redirectUris.join('\n') !== input.redirectUris.join('\n');
    if (changed) {
      existing.name = input.name;
      existing.clientSecret = input.clientSecret;
      existing.redirectUris = [...input.redirectUris];
      this.deps.store.changed();
    }
    return this.describeIntegration(existing);
  }

  /**
   * Finds (by `externalId`) or creates a sandbox person with a workspace of their own
   * ("Ada's workspace") holding one starter page. Name and email follow the latest call.
   */
  ensurePerson(input: EnsurePersonInput): HostedPerson {
    if (!input?.externalId || !input.name || !input.email) throw new ControlError(400, 'externalId, name and email are required');
    let person = Object.values(this.state.people).find((p) => p.externalId === input.externalId);
    if (!person) {
      person = this.createPerson({ name: input.name, email: input.email });
      person.externalId = input.externalId;
    } else if (person.name !== input.name || person.email !== input.email) {
      person.name = input.name;
      person.email = input.email;
    }
    let workspace = person.homeWorkspaceId ? this.state.workspaces[person.homeWorkspaceId] : undefined;
    if (!workspace) {
      workspace = this.createWorkspace({ name: `${input.name}'s workspace`, memberIds: [person.id] });
      person.homeWorkspaceId = workspace.id;
    }
    let page = Object.values(this.state.pages).find((p) => p.workspaceId === workspace.id && p.parent.type === 'workspace' && !p.inTrash);
    if (!page) {
      const seeded = this.seedPage({
        workspaceId: workspace.id,
        title: 'Getting started',
        createdBy: person.id,
        children: [{ paragraph: { rich_text: [{ text: { content: 'Share this page with the assistant so it can write here.' } }] } }],
      });
      page = this.state.pages[String(seeded.id)];
    }
    this.deps.store.changed();
    return { personId: person.id, workspaceId: workspace.id, pageId: page.id };
  }

  /**
   * A random, opaque pass for the consent page: `GET /v1/oauth/authorize?…&sandbox_ticket=…`
   * then shows only this person (no person picker) and approving acts as them. Valid until
   * `ttlSeconds` have passed on the sandbox clock.
   */
  issueConsentTicket(personId: string, ttlSeconds = 600): string {
    if (!this.state.people[personId]) throw new ControlError(404, `unknown person ${personId}`);
    if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new ControlError(400, 'ttlSeconds must be a positive number');
    const now = this.deps.clock.now();
    for (const [key, record] of Object.entries(this.state.tickets)) if (record.expiresAt <= now) delete this.state.tickets[key];
    const ticket = newSecret('sbt_', 24);
    this.state.tickets[ticket] = { ticket, personId, expiresAt: now + ttlSeconds * 1000 };
    return this.changed(ticket);
  }

  /** Shares pages (and what is below them) with an internal integration, like the "Connections" menu. */
  sharePages(integrationId: string, pageIds: string[]): void {
    const integration = this.state.integrations[integrationId];
    if (!integration || integration.kind !== 'internal') throw new ControlError(404, `unknown internal integration ${integrationId}`);
    const bot = installBot(this.deps.store, integration, integration.workspaceId as string, null, []);
    for (const id of pageIds) {
      const node = this.deps.store.node(id);
      if (!node || node.record.workspaceId !== bot.workspaceId) throw new ControlError(400, `page ${id} is not in the integration's workspace`);
      if (!bot.grants.includes(id)) bot.grants.push(id);
    }
    this.deps.store.changed();
  }

  seedPage(input: SeedPageInput): JsonObject {
    const workspace = this.requireWorkspace(input?.workspaceId ?? '');
    const container = input.parentPageId ? this.state.pages[input.parentPageId] : null;
    if (input.parentPageId && (!container || container.workspaceId !== workspace.id)) throw new ControlError(404, `unknown page ${input.parentPageId}`);
    let children;
    try {
      children = input.children ? parseBlockList(input.children, 'children', new PayloadBudget()) : [];
    } catch (error) {
      throw new ControlError(400, error instanceof Error ? error.message : String(error));
    }
    const by = input.createdBy ?? workspace.memberIds[0] ?? newId();
    const page = createPage(this.deps.store, {
      workspaceId: workspace.id,
      parent: container ? { type: 'page_id', id: container.id } : { type: 'workspace' },
      container,
      title: { type: 'title', value: textItems(input.title ?? '') },
      children,
      by,
    });
    this.deps.store.changed();
    return this.renderer().page(page);
  }

  /** A page's properties and its content tree (including trashed-out filtering), for assertions. */
  pageContent(pageId: string): { page: JsonObject; title: string; blocks: ContentTreeNode[] } {
    const page = this.state.pages[pageId];
    if (!page) throw new ControlError(404, `unknown page ${pageId}`);
    return { page: this.renderer().page(page), title: plainTextOf(this.deps.store.pageTitle(page)), blocks: this.tree(page.children) };
  }

  private tree(ids: string[]): ContentTreeNode[] {
    const renderer = this.renderer();
    return ids
      .map((id) => this.deps.store.node(id))
      .filter((node) => node !== null && !node.record.inTrash && node.kind !== 'data_source')
      .map((node) => {
        const block = renderer.block(node!.record.id);
        const type = String(block.type);
        const payload = block[type] as JsonObject;
        const text = Array.isArray(payload.rich_text) ? plainTextOf(payload.rich_text as JsonObject[]) : typeof payload.title === 'string' ? payload.title : '';
        const children = node!.kind === 'database' ? [] : (node!.record as { children: string[] }).children;
        return { id: node!.record.id, type, text, children: this.tree(children) };
      });
  }

  /** The code the consent page would issue, without a browser. */
  issueAuthorizationCode(input: GrantInput): string {
    const integration = this.state.integrations[input?.integrationId];
    if (!integration) throw new ControlError(404, `unknown integration ${input?.integrationId}`);
    const grant = { integration, workspaceId: input.workspaceId, personId: input.personId, pageIds: input.pageIds ?? [] };
    const problem = checkConsent(this.deps.store, grant);
    if (problem) throw new ControlError(400, problem);
    const code = issueCode(this.deps.store, { ...grant, redirectUri: input.redirectUri ?? null }, this.deps.authCodeTtlSeconds);
    return this.changed(code);
  }

  /** A token response (same fields as `POST /v1/oauth/token`) for a person's installation, without a browser. */
  issueToken(input: GrantInput): JsonObject {
    const integration = this.state.integrations[input?.integrationId];
    if (!integration) throw new ControlError(404, `unknown integration ${input?.integrationId}`);
    const problem = checkConsent(this.deps.store, { integration, workspaceId: input.workspaceId, personId: input.personId, pageIds: input.pageIds ?? [] });
    if (problem) throw new ControlError(400, problem);
    const bot = installBot(this.deps.store, integration, input.workspaceId, input.personId, input.pageIds ?? []);
    const pair = issueTokenPair(this.deps.store, bot, this.deps.accessTokenTtlSeconds());
    return this.changed(tokenResponse(this.deps.store, bot, pair, newId()));
  }

  injectFault(spec: FaultSpec): Fault {
    const kinds = ['status', 'rate_limit', 'latency', 'reset', 'hang', 'fail_after_write'];
    if (!spec || !kinds.includes(spec.kind)) throw new ControlError(400, `kind must be one of ${kinds.join(', ')}`);
    if (spec.status !== undefined && ![500, 502, 503, 504, 529].includes(spec.status)) throw new ControlError(400, 'status must be 500, 502, 503, 504 or 529');
    return this.deps.faults.add(spec);
  }

  faults(): Fault[] {
    return this.deps.faults.list();
  }

  clearFaults(): void {
    this.deps.faults.clear();
  }

  requestLog(): RequestLogEntry[] {
    return this.deps.log.list();
  }

  tokenCounters(): TokenCounters[] {
    return this.deps.log.tokenCounters();
  }

  clearRequestLog(): void {
    this.deps.log.clear();
  }

  /** The sandbox clock's time in milliseconds (wall clock plus what `advanceClock` added). */
  now(): number {
    return this.deps.clock.now();
  }

  /** Moves the sandbox clock (token and code expiry, timestamps) forward without waiting. */
  advanceClock(ms: number): void {
    this.deps.clock.advance(ms);
  }

  /** Forgets everything: state, faults, log, counters, rate-limit buckets, clock offset. */
  reset(): void {
    this.deps.store.replace(emptyState());
    this.deps.faults.clear();
    this.deps.log.clear();
    this.deps.limiter.reset();
    this.deps.clock.reset();
    this.deps.afterReset?.();
  }

  /** The live state, for code inside the sandbox that must edit it in place (demo recovery). */
  liveState(): SandboxState {
    return this.state;
  }

  exportState(): SandboxState {
    return JSON.parse(JSON.stringify(this.state)) as SandboxState;
  }

  private requireWorkspace(id: string): Workspace {
    const workspace = this.state.workspaces[id];
    if (!workspace) throw new ControlError(404, `unknown workspace ${id}`);
    return workspace;
  }

  private renderer(): Renderer {
    return new Renderer(this.deps.store, this.deps.baseUrl(), '2026-03-11');
  }
}
