/**
 * The sandbox's state, as plain JSON-serialisable records (so a snapshot is `JSON.stringify`).
 * Rich text, icons and covers are kept in Notion's response shape; only references that change
 * over time (mention titles, URLs) are resolved when a response is rendered.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Workspace {
  id: string;
  name: string;
  icon: string | null;
  memberIds: string[];
}

export interface Person {
  id: string;
  name: string;
  email: string;
  avatarUrl: string | null;
  /** Set by `ensurePerson`: the embedding product's own id for this person. */
  externalId?: string | null;
  /** Set by `ensurePerson`: the workspace created for this person. */
  homeWorkspaceId?: string | null;
}

/** A short-lived pass that lets one person through the consent page without the person picker. */
export interface ConsentTicket {
  ticket: string;
  personId: string;
  expiresAt: number;
}

export type IntegrationKind = 'public' | 'internal';

export interface Integration {
  id: string;
  name: string;
  kind: IntegrationKind;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Internal integrations live in exactly one workspace. */
  workspaceId: string | null;
}

/** One installation of an integration in a workspace; `grants` are the roots it may see. */
export interface Bot {
  id: string;
  integrationId: string;
  workspaceId: string;
  ownerPersonId: string | null;
  grants: string[];
}

export interface TokenRecord {
  token: string;
  kind: 'access' | 'refresh';
  botId: string;
  integrationId: string;
  /** The access token and refresh token issued together share a family id. */
  family: string;
  issuedAt: number;
  expiresAt: number | null;
  revoked: boolean;
}

export interface AuthCode {
  code: string;
  integrationId: string;
  workspaceId: string;
  personId: string;
  pageIds: string[];
  /** The redirect URI named in the authorize request (null when it was implied). */
  redirectUri: string | null;
  expiresAt: number;
  used: boolean;
}

export type PageParent =
  | { type: 'workspace' }
  | { type: 'page_id'; id: string }
  | { type: 'block_id'; id: string }
  | { type: 'data_source_id'; id: string; databaseId: string };

export type BlockParent = { type: 'page_id'; id: string } | { type: 'block_id'; id: string };
export type DatabaseParent = { type: 'workspace' } | { type: 'page_id'; id: string };

interface Timestamps {
  createdTime: string;
  lastEditedTime: string;
  createdBy: string;
  lastEditedBy: string;
}

export interface PageRecord extends Timestamps {
  id: string;
  workspaceId: string;
  parent: PageParent;
  /** Keyed by property id; plain pages have the single key `title`. */
  properties: Record<string, PropertyValue>;
  icon: Json;
  cover: Json;
  inTrash: boolean;
  isLocked: boolean;
  children: string[];
}

export interface BlockRecord extends Timestamps {
  id: string;
  workspaceId: string;
  parent: BlockParent;
  type: string;
  data: JsonObject;
  inTrash: boolean;
  children: string[];
}

export interface DatabaseRecord extends Timestamps {
  id: string;
  workspaceId: string;
  parent: DatabaseParent;
  title: JsonObject[];
  description: JsonObject[];
  isInline: boolean;
  inTrash: boolean;
  isLocked: boolean;
  icon: Json;
  cover: Json;
  dataSourceIds: string[];
}

export type PropertyType =
  | 'title'
  | 'rich_text'
  | 'select'
  | 'multi_select'
  | 'date'
  | 'checkbox'
  | 'number'
  | 'url'
  | 'relation';

export interface SelectOption {
  id: string;
  name: string;
  color: string;
  description: string | null;
}

export interface RelationConfig {
  dataSourceId: string;
  databaseId: string;
  /** Present for two-way relations: the property on the other data source that mirrors this one. */
  synced: { propertyId: string; propertyName: string } | null;
}

export interface PropertyConfig {
  id: string;
  name: string;
  type: PropertyType;
  options?: SelectOption[];
  numberFormat?: string;
  relation?: RelationConfig;
}

export interface DataSourceRecord extends Timestamps {
  id: string;
  databaseId: string;
  workspaceId: string;
  title: JsonObject[];
  description: JsonObject[];
  properties: PropertyConfig[];
  inTrash: boolean;
}

export type DateValue = { start: string; end: string | null; time_zone: string | null };

export type PropertyValue =
  | { type: 'title'; value: JsonObject[] }
  | { type: 'rich_text'; value: JsonObject[] }
  | { type: 'select'; value: SelectOption | null }
  | { type: 'multi_select'; value: SelectOption[] }
  | { type: 'date'; value: DateValue | null }
  | { type: 'checkbox'; value: boolean }
  | { type: 'number'; value: number | null }
  | { type: 'url'; value: string | null }
  | { type: 'relation'; value: string[] };

/** A webhook subscription of an integration (src/sandbox/notion/webhooks). */
export interface WebhookSubscription {
  id: string;
  integrationId: string;
  url: string;
  /** The event types it wants; empty means all the sandbox produces. */
  eventTypes: string[];
  apiVersion: string;
  /** Sent to `url` on creation; keys every delivery's signature. */
  verificationToken: string;
  /** Active once someone pastes the verification token back (`verify`). */
  status: 'pending' | 'active';
  createdAt: string;
}

export interface SandboxState {
  workspaces: Record<string, Workspace>;
  people: Record<string, Person>;
  integrations: Record<string, Integration>;
  bots: Record<string, Bot>;
  tokens: Record<string, TokenRecord>;
  codes: Record<string, AuthCode>;
  tickets: Record<string, ConsentTicket>;
  pages: Record<string, PageRecord>;
  blocks: Record<string, BlockRecord>;
  databases: Record<string, DatabaseRecord>;
  dataSources: Record<string, DataSourceRecord>;
  webhookSubscriptions: Record<string, WebhookSubscription>;
}

export function emptyState(): SandboxState {
  return {
    workspaces: {},
    people: {},
    integrations: {},
    bots: {},
    tokens: {},
    codes: {},
    tickets: {},
    pages: {},
    blocks: {},
    databases: {},
    dataSources: {},
    webhookSubscriptions: {},
  };
}
