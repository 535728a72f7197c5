import { normalizeId } from '../core/ids';
import { findProperty } from '../content/property-schema';
import { isObject } from '../content/validate';
import { ApiCall } from '../http/types';
import { Author, authorOf } from '../person/person-access';
import { DataSourceRecord, JsonObject, PageRecord } from '../store/model';
import { ContentNode, SandboxStore } from '../store/store';
import { Change, EventType, ParentRef, SchemaChange, UpdatedBlock } from './change';

/** What an operation needs to remember from before it ran to tell what it changed. */
interface Before {
  node: ContentNode | null;
  inTrash: boolean;
  isLocked: boolean;
  parent: ParentRef | null;
  children: string[];
  schema: Array<{ id: string; name: string }>;
}

type Mapper = (input: { call: ApiCall; store: SandboxStore; result: JsonObject; before: Before; author: Author; at: number }) => Change[];

/**
 * The webhook events each Notion write operation causes, the same whether a bot called `/v1` or a
 * person edited in the app (both run the same handlers). Reads cause none.
 */
const MAPPERS: Record<string, Mapper> = {
  'POST /v1/pages': ({ store, result, author, at }) => {
    const page = store.state.pages[String(result.id)];
    if (!page) return [];
    const changes = [pageChange(store, 'page.created', page, author, at)];
    return changes.concat(rowChange(store, page, author, at));
  },
  'PATCH /v1/pages/{page_id}': ({ call, store, result, before, author, at }) => {
    const page = store.state.pages[String(result.id)];
    if (!page) return [];
    const changes: Change[] = [];
    if (isObject(call.body.properties)) {
      const source = page.parent.type === 'data_source_id' ? store.state.dataSources[page.parent.id] : undefined;
      const ids = Object.keys(call.body.properties).map((key) => (source ? (findProperty(source.properties, key)?.id ?? key) : 'title'));
      changes.push({ ...pageChange(store, 'page.properties_updated', page, author, at), updatedProperties: [...new Set(ids)] });
    }
    if (call.body.erase_content === true && before.children.length > 0) {
      changes.push({ ...pageChange(store, 'page.content_updated', page, author, at), updatedBlocks: before.children.map((id) => blockRef(store, id)) });
    }
    if (page.isLocked !== before.isLocked) changes.push(pageChange(store, page.isLocked ? 'page.locked' : 'page.unlocked', page, author, at));
    if (page.inTrash !== before.inTrash) {
      changes.push(pageChange(store, page.inTrash ? 'page.deleted' : 'page.undeleted', page, author, at));
      changes.push(...rowChange(store, page, author, at));
    }
    return changes;
  },
  'POST /v1/pages/{page_id}/move': ({ store, result, before, author, at }) => {
    const page = store.state.pages[String(result.id)];
    if (!page) return [];
    const changes = [pageChange(store, 'page.moved', page, author, at)];
    const oldSource = before.parent?.data_source_id;
    if (oldSource && store.state.dataSources[oldSource]) changes.push(sourceContentChange(store, store.state.dataSources[oldSource], page.id, author, at));
    return changes.concat(rowChange(store, page, author, at));
  },
  'PATCH /v1/blocks/{block_id}': (input) => blockEdit(input),
  'DELETE /v1/blocks/{block_id}': (input) => blockEdit(input),
  'PATCH /v1/blocks/{block_id}/children': ({ store, result, before, author, at }) => {
    const page = before.node ? containingPage(store, before.node.record.id) : null;
    const added = Array.isArray(result.results) ? (result.results as JsonObject[]).map((b) => blockRef(store, String(b.id))) : [];
    if (!page || added.length === 0) return [];
    return [{ ...pageChange(store, 'page.content_updated', page, author, at), updatedBlocks: added }];
  },
  'POST /v1/databases': ({ store, result, author, at }) => {
    const db = store.state.databases[String(result.id)];
    if (!db) return [];
    return db.dataSourceIds.map((id) => sourceChange(store, 'data_source.created', store.state.dataSources[id], author, at));
  },
  'PATCH /v1/data_sources/{data_source_id}': ({ store, result, before, author, at }) => {
    const source = store.state.dataSources[String(result.id)];
    if (!source) return [];
    const changes: Change[] = [];
    const schemaChanges = diffSchema(before.schema, source);
    if (schemaChanges.length > 0) changes.push({ ...sourceChange(store, 'data_source.schema_updated', source, author, at), schemaChanges });
    if (source.inTrash !== before.inTrash) changes.push(sourceChange(store, source.inTrash ? 'data_source.deleted' : 'data_source.undeleted', source, author, at));
    return changes;
  },
};

/** Remembers, before a write runs, what its events will be measured against (nothing when the id is bad: the handler refuses it). */
export function captureBefore(call: ApiCall, store: SandboxStore): Before {
  const rawId = call.req.params.page_id ?? call.req.params.block_id ?? call.req.params.data_source_id;
  const id = typeof rawId === 'string' ? normalizeId(rawId) : null;
  const node = id ? store.node(id) : null;
  const record = node?.record as Partial<PageRecord> | undefined;
  return {
    node,
    inTrash: node?.record.inTrash ?? false,
    isLocked: record?.isLocked ?? false,
    parent: node?.kind === 'page' ? pageParent(node.record) : null,
    children: [...(record?.children ?? [])],
    schema: node?.kind === 'data_source' ? node.record.properties.map((p) => ({ id: p.id, name: p.name })) : [],
  };
}

export function changesOf(call: ApiCall, template: string, store: SandboxStore, result: JsonObject, before: Before): Change[] {
  const mapper = MAPPERS[`${call.req.method} ${template}`];
  if (!mapper) return [];
  return mapper({ call, store, result, before, author: authorOf(call), at: store.clock.now() });
}

function blockEdit({ store, result, before, author, at }: Parameters<Mapper>[0]): Change[] {
  const node = store.node(String(result.id));
  if (!node) return [];
  const trashed = node.record.inTrash !== before.inTrash;
  if (node.kind === 'page') {
    if (!trashed) return [];
    return [pageChange(store, node.record.inTrash ? 'page.deleted' : 'page.undeleted', node.record, author, at), ...rowChange(store, node.record, author, at)];
  }
  if (node.kind === 'database') {
    if (!trashed) return [];
    const type = node.record.inTrash ? 'data_source.deleted' : 'data_source.undeleted';
    return node.record.dataSourceIds.map((id) => sourceChange(store, type, store.state.dataSources[id], author, at));
  }
  const page = containingPage(store, node.record.id);
  return page ? [{ ...pageChange(store, 'page.content_updated', page, author, at), updatedBlocks: [blockRef(store, node.record.id)] }] : [];
}

function pageChange(store: SandboxStore, type: EventType, page: PageRecord, author: Author, at: number): Change {
  return { type, workspaceId: page.workspaceId, entity: { id: page.id, type: 'page' }, parent: pageParent(page), author, at };
}

/** A row added to, removed from or restored in a data source changes that data source's content. */
function rowChange(store: SandboxStore, page: PageRecord, author: Author, at: number): Change[] {
  if (page.parent.type !== 'data_source_id') return [];
  const source = store.state.dataSources[page.parent.id];
  return source ? [sourceContentChange(store, source, page.id, author, at)] : [];
}

function sourceContentChange(store: SandboxStore, source: DataSourceRecord, pageId: string, author: Author, at: number): Change {
  return { ...sourceChange(store, 'data_source.content_updated', source, author, at), updatedBlocks: [{ id: pageId, type: 'page' }] };
}

function sourceChange(store: SandboxStore, type: EventType, source: DataSourceRecord, author: Author, at: number): Change {
  return { type, workspaceId: source.workspaceId, entity: { id: source.id, type: 'data_source' }, parent: { id: source.databaseId, type: 'database' }, author, at };
}

function pageParent(page: PageRecord): ParentRef {
  switch (page.parent.type) {
    case 'workspace':
      return { id: page.workspaceId, type: 'space' };
    case 'page_id':
      return { id: page.parent.id, type: 'page' };
    case 'block_id':
      return { id: page.parent.id, type: 'block' };
    case 'data_source_id':
      return { id: page.parent.databaseId, type: 'database', data_source_id: page.parent.id };
  }
}

/** The page whose content holds a block (the block itself when it is a page). */
function containingPage(store: SandboxStore, id: string): PageRecord | null {
  let current: string | null = id;
  for (let depth = 0; current && depth < 1000; depth += 1) {
    const node = store.node(current);
    if (!node) return null;
    if (node.kind === 'page') return node.record;
    current = store.parentOf(node);
  }
  return null;
}

function blockRef(store: SandboxStore, id: string): UpdatedBlock {
  const node = store.node(id);
  return { id, type: node?.kind === 'page' ? 'page' : node?.kind === 'database' ? 'database' : 'block' };
}

function diffSchema(before: Array<{ id: string; name: string }>, source: DataSourceRecord): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const old of before) {
    const now = source.properties.find((p) => p.id === old.id);
    if (!now) changes.push({ id: old.id, name: old.name, action: 'deleted' });
    else if (now.name !== old.name) changes.push({ id: now.id, name: now.name, action: 'updated' });
  }
  for (const property of source.properties) {
    if (!before.some((p) => p.id === property.id)) changes.push({ id: property.id, name: property.name, action: 'created' });
  }
  return changes;
}
