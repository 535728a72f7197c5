import { bodyValidation, validationError } from '../core/errors';
import { newId } from '../core/ids';
import { parseCover, parseIcon } from '../content/block-requests';
import { compileFilter, compileSorts } from '../content/query';
import { paginate } from '../content/pagination';
import { PendingDualRelation, findProperty, linkDualRelations, parsePropertyConfig, parsePropertySchema } from '../content/property-schema';
import { emptyValue } from '../content/property-values';
import { parseRichText } from '../content/rich-text';
import { placeChildren, touchUpwards } from '../content/tree';
import { optionalBoolean, pageSize, requireObject, requireString } from '../content/validate';
import { ApiCall, Route } from '../http/types';
import { DataSourceRecord, DatabaseParent, DatabaseRecord, PropertyConfig } from '../store/model';
import { ARCHIVED_MESSAGE, refuseTrashedTarget, trashFlag } from './shared';

function resolveParent(call: ApiCall, raw: unknown): DatabaseParent {
  const parent = requireObject(raw, 'body.parent');
  if (parent.workspace === true || parent.type === 'workspace') {
    if (call.access.integration.kind !== 'public') throw validationError('Internal integrations cannot create workspace-level databases.');
    return { type: 'workspace' };
  }
  if (parent.page_id !== undefined) {
    const page = call.access.page(parent.page_id, 'body.parent.page_id');
    refuseTrashedTarget(call, page.id);
    return { type: 'page_id', id: page.id };
  }
  throw bodyValidation('body.parent', 'should define `page_id` or `workspace`', parent);
}

/** Creates the database, its first data source, and (under a page) its `child_database` block. */
function create(call: ApiCall) {
  const { body, access } = call;
  const store = access.store;
  const parent = resolveParent(call, body.parent);
  const title = body.title === undefined ? [] : parseRichText(body.title, 'body.title');
  const description = body.description === undefined ? [] : parseRichText(body.description, 'body.description');
  const initial = body.initial_data_source === undefined ? {} : requireObject(body.initial_data_source, 'body.initial_data_source');
  const { properties, pending } = parsePropertySchema(initial.properties, 'body.initial_data_source.properties', access);
  const now = store.clock.isoNow();
  const stamps = { createdTime: now, lastEditedTime: now, createdBy: call.botId, lastEditedBy: call.botId };
  const db: DatabaseRecord = {
    id: newId(),
    workspaceId: access.bot.workspaceId,
    parent,
    title,
    description,
    isInline: optionalBoolean(body.is_inline, 'body.is_inline') ?? false,
    inTrash: false,
    isLocked: false,
    icon: body.icon === undefined ? null : parseIcon(body.icon, 'body.icon'),
    cover: body.cover === undefined ? null : parseCover(body.cover, 'body.cover'),
    dataSourceIds: [],
    ...stamps,
  };
  const source: DataSourceRecord = { id: newId(), databaseId: db.id, workspaceId: db.workspaceId, title, description: [], properties, inTrash: false, ...stamps };
  db.dataSourceIds.push(source.id);
  store.state.databases[db.id] = db;
  store.state.dataSources[source.id] = source;
  linkDualRelations(source, pending, title, (id) => store.state.dataSources[id]);
  if (parent.type === 'page_id') {
    placeChildren(store.state.pages[parent.id], [db.id], { type: 'end' });
    touchUpwards(store, parent.id, call.botId);
  }
  access.grant(db.id);
  return call.render.database(db);
}

function query(call: ApiCall) {
  const { body, access } = call;
  const source = access.dataSource(call.req.params.data_source_id);
  // A data source in the trash (itself, its database or a page above) answers like a missing one; see docs/notion-sandbox.md "Trash".
  if (access.store.isEffectivelyTrashed(source.id)) throw access.notFound('data_source', source.id);
  const includeTrash = body.in_trash === true || body.archived === true;
  trashFlag(call, body);
  const size = pageSize(body.page_size, 'body.page_size');
  const matches = compileFilter(body.filter, source);
  const pages = Object.values(access.store.state.pages)
    .filter((page) => page.parent.type === 'data_source_id' && page.parent.id === source.id)
    .filter((page) => (includeTrash ? page.inTrash : !page.inTrash))
    .filter(matches)
    .sort(compileSorts(body.sorts, source));
  const { page, nextCursor } = paginate(pages, (p) => p.id, body.start_cursor, size, 'body.start_cursor');
  return call.render.list('page_or_data_source', page.map((p) => call.render.page(p)), nextCursor);
}

/**
 * `PATCH /v1/data_sources/{id}`: rename the data source, trash or restore it, and add, rename or
 * remove properties (`{"New": {"rich_text": {}}}`, `{"Old": {"name": "New"}}`, `{"Old": null}`).
 * Everything is checked before anything changes.
 */
function updateDataSource(call: ApiCall) {
  const { body, access } = call;
  const store = access.store;
  const source = access.dataSource(call.req.params.data_source_id);
  const trash = trashFlag(call, body);
  if (source.inTrash && trash !== false) throw validationError(ARCHIVED_MESSAGE);
  if (body.icon !== undefined || body.parent !== undefined) throw validationError('The sandbox does not support changing a data source’s icon or parent.');
  const title = body.title === undefined ? null : parseRichText(body.title, 'body.title');
  const additions: PropertyConfig[] = [];
  const pending: PendingDualRelation[] = [];
  const renames = new Map<PropertyConfig, string>();
  const removals = new Set<PropertyConfig>();
  const raw = body.properties === undefined ? {} : requireObject(body.properties, 'body.properties');
  const finalNames = new Set(source.properties.map((p) => p.name));
  for (const [key, change] of Object.entries(raw)) {
    const path = `body.properties.${key}`;
    const existing = findProperty(source.properties, key);
    if (change === null) {
      if (!existing) throw validationError(`${key} is not a property that exists.`);
      if (existing.type === 'title') throw validationError('Cannot delete the title property.');
      removals.add(existing);
      finalNames.delete(existing.name);
      continue;
    }
    const spec = requireObject(change, path);
    const newName = spec.name === undefined ? undefined : requireString(spec.name, `${path}.name`, 100);
    const typed = Object.keys(spec).some((k) => k !== 'name' && k !== 'description');
    if (existing) {
      if (typed) {
        const type = typeof spec.type === 'string' ? spec.type : Object.keys(spec).find((k) => k !== 'name' && k !== 'description');
        if (type !== existing.type) throw validationError(`The sandbox does not support changing the type of property ${existing.name}.`);
      }
      if (newName !== undefined && newName !== existing.name) {
        if (finalNames.has(newName)) throw validationError(`A property named ${newName} already exists.`);
        finalNames.delete(existing.name);
        finalNames.add(newName);
        renames.set(existing, newName);
      }
      continue;
    }
    if (!typed) throw validationError(`${key} is not a property that exists.`);
    const name = newName ?? key;
    if (finalNames.has(name)) throw validationError(`A property named ${name} already exists.`);
    const parsed = parsePropertyConfig(name, spec, path, access);
    if (parsed.property.type === 'title') throw validationError('A data source has exactly one title property.');
    finalNames.add(name);
    additions.push(parsed.property);
    if (parsed.pending) pending.push(parsed.pending);
  }

  if (trash !== undefined) source.inTrash = trash;
  if (title) {
    source.title = title;
    store.state.databases[source.databaseId].title = title;
  }
  for (const [property, name] of renames) {
    property.name = name;
    renameMirrors(store.state.dataSources, property);
  }
  if (removals.size) source.properties = source.properties.filter((p) => !removals.has(p));
  source.properties.push(...additions);
  for (const page of Object.values(store.state.pages)) {
    if (page.parent.type !== 'data_source_id' || page.parent.id !== source.id) continue;
    for (const property of removals) delete page.properties[property.id];
    for (const property of additions) page.properties[property.id] = emptyValue(property);
  }
  linkDualRelations(source, pending, source.title, (id) => store.state.dataSources[id]);
  store.touch(source, call.botId);
  return call.render.dataSource(source);
}

/** A renamed property of a two-way relation is named anew in its mirror's `synced_property_name`. */
function renameMirrors(sources: Record<string, DataSourceRecord>, property: PropertyConfig): void {
  for (const other of Object.values(sources)) {
    for (const candidate of other.properties) {
      if (candidate.relation?.synced?.propertyId === property.id && property.relation?.synced?.propertyId === candidate.id) {
        candidate.relation.synced.propertyName = property.name;
      }
    }
  }
}

export function databaseRoutes(): Route[] {
  return [
    { kind: 'api', method: 'POST', template: '/v1/databases', handle: create },
    { kind: 'api', method: 'GET', template: '/v1/databases/{database_id}', handle: (call) => call.render.database(call.access.database(call.req.params.database_id)) },
    {
      kind: 'api',
      method: 'GET',
      template: '/v1/data_sources/{data_source_id}',
      handle: (call) => call.render.dataSource(call.access.dataSource(call.req.params.data_source_id)),
    },
    { kind: 'api', method: 'PATCH', template: '/v1/data_sources/{data_source_id}', handle: updateDataSource },
    { kind: 'api', method: 'POST', template: '/v1/data_sources/{data_source_id}/query', handle: query },
  ];
}
