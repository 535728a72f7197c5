import { Author } from '../person/person-access';

/** The event types the sandbox produces (Notion has more: comments, files, views, locks of databases…). */
export const EVENT_TYPES = [
  'page.created',
  'page.content_updated',
  'page.properties_updated',
  'page.moved',
  'page.deleted',
  'page.undeleted',
  'page.locked',
  'page.unlocked',
  'data_source.created',
  'data_source.content_updated',
  'data_source.schema_updated',
  'data_source.deleted',
  'data_source.undeleted',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Notion gathers these over a short window into one event per entity. */
export const AGGREGATED: ReadonlySet<EventType> = new Set<EventType>([
  'page.content_updated',
  'page.properties_updated',
  'data_source.content_updated',
  'data_source.schema_updated',
]);

/** `data.parent` of an event: where the entity lives (`space` is the workspace level). */
export interface ParentRef {
  id: string;
  type: 'space' | 'block' | 'page' | 'database' | 'team';
  data_source_id?: string;
}

export interface UpdatedBlock {
  id: string;
  type: 'page' | 'database' | 'block';
}

export interface SchemaChange {
  id: string;
  name: string | null;
  action: 'created' | 'updated' | 'deleted';
}

/** One thing that happened in a workspace, before it is routed to subscriptions. */
export interface Change {
  type: EventType;
  workspaceId: string;
  entity: { id: string; type: 'page' | 'data_source' };
  parent: ParentRef;
  author: Author;
  /** Sandbox clock, ms. */
  at: number;
  updatedBlocks?: UpdatedBlock[];
  /** Page property ids (page.properties_updated). */
  updatedProperties?: string[];
  /** Schema changes (data_source.schema_updated). */
  schemaChanges?: SchemaChange[];
}
