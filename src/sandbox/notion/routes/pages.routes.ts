import { NotionApiError, bodyValidation, validationError } from '../core/errors';
import { parseBlockList, parseCover, parseIcon } from '../content/block-requests';
import { createPage } from '../content/pages';
import { emptyValue, parseDataSourceProperties, parsePlainPageProperties, propertyItems } from '../content/property-values';
import { setValues } from '../content/pages';
import { PayloadBudget, isObject, optionalBoolean, pageSize, requireObject } from '../content/validate';
import { ApiCall, Route } from '../http/types';
import { DataSourceRecord, PageParent, PageRecord, PropertyConfig, PropertyValue } from '../store/model';
import { ARCHIVED_MESSAGE, insertPosition, refuseTrashedTarget, trashFlag } from './shared';
import { Container, placeChildren, touchUpwards } from '../content/tree';

interface ResolvedParent {
  parent: PageParent;
  container: Container | null;
  source?: DataSourceRecord;
}

function resolveParent(call: ApiCall, raw: unknown): ResolvedParent {
  const { access } = call;
  const parent = raw === undefined ? { workspace: true } : requireObject(raw, 'body.parent');
  if (parent.workspace === true || parent.type === 'workspace') {
    if (access.integration.kind !== 'public') {
      throw validationError('Internal integrations cannot create workspace-level pages. Provide a page or data source parent.');
    }
    return { parent: { type: 'workspace' }, container: null };
  }
  if (parent.page_id !== undefined) {
    const page = access.page(parent.page_id, 'body.parent.page_id');
    refuseTrashedTarget(call, page.id);
    return { parent: { type: 'page_id', id: page.id }, container: page };
  }
  if (parent.data_source_id !== undefined) {
    const source = access.dataSource(parent.data_source_id, 'body.parent.data_source_id');
    refuseTrashedTarget(call, source.id);
    return { parent: { type: 'data_source_id', id: source.id, databaseId: source.databaseId }, container: null, source };
  }
  if (parent.database_id !== undefined) {
    const db = access.database(parent.database_id, 'body.parent.database_id');
    if (db.dataSourceIds.length !== 1) {
      throw validationError(`Database ${db.id} has ${db.dataSourceIds.length} data sources; use a data_source_id parent.`);
    }
    const source = call.access.store.state.dataSources[db.dataSourceIds[0]];
    refuseTrashedTarget(call, source.id);
    return { parent: { type: 'data_source_id', id: source.id, databaseId: db.id }, container: null, source };
  }
  throw bodyValidation('body.parent', 'should define `page_id`, `data_source_id`, `database_id` or `workspace`', parent);
}

function create(call: ApiCall) {
  const { body, access } = call;
  if (body.markdown !== undefined) throw validationError('The sandbox does not support `markdown` page content; send `children` blocks.');
  if (body.template !== undefined && !(isObject(body.template) && body.template.type === 'none')) {
    throw validationError('The sandbox does not support page templates.');
  }
  const resolved = resolveParent(call, body.parent);
  const rawChildren = body.children ?? body.content;
  const children = rawChildren === undefined ? [] : parseBlockList(rawChildren, body.children !== undefined ? 'body.children' : 'body.content', new PayloadBudget());
  const page = createPage(access.store, {
    workspaceId: access.bot.workspaceId,
    parent: resolved.parent,
    container: resolved.container,
    position: resolved.container && body.position !== undefined ? insertPosition(call, body, 'page_start', 'page_end') : undefined,
    source: resolved.source,
    title: resolved.source ? undefined : parsePlainPageProperties(body.properties, 'body.properties').title,
    values: resolved.source ? parseDataSourceProperties(body.properties, 'body.properties', resolved.source) : undefined,
    icon: body.icon === undefined ? null : parseIcon(body.icon, 'body.icon'),
    cover: body.cover === undefined ? null : parseCover(body.cover, 'body.cover'),
    children,
    by: call.botId,
  });
  access.grant(page.id);
  return call.render.page(page);
}

/** Everything is read and checked first; only a wholly valid request changes the page. */
function update(call: ApiCall) {
  const { body, access } = call;
  const store = access.store;
  const page = access.page(call.req.params.page_id);
  const trash = trashFlag(call, body);
  if (page.inTrash && trash !== false) throw validationError(ARCHIVED_MESSAGE);
  const properties = body.properties === undefined ? null : parseProperties(call, page);
  const icon = body.icon === undefined ? undefined : parseIcon(body.icon, 'body.icon');
  const cover = body.cover === undefined ? undefined : parseCover(body.cover, 'body.cover');
  const locked = optionalBoolean(body.is_locked, 'body.is_locked');
  const erase = optionalBoolean(body.erase_content, 'body.erase_content');
  if (body.template !== undefined) throw validationError('The sandbox does not support page templates.');

  if (trash !== undefined) page.inTrash = trash;
  if (properties?.values) setValues(store, page, properties.values, call.botId);
  if (properties?.title) page.properties.title = properties.title;
  if (icon !== undefined) page.icon = icon;
  if (cover !== undefined) page.cover = cover;
  if (locked !== undefined) page.isLocked = locked;
  if (erase) {
    for (const id of page.children) {
      const child = store.node(id);
      if (child) child.record.inTrash = true;
    }
  }
  store.touch(page, call.botId);
  return call.render.page(page);
}

function parseProperties(call: ApiCall, page: PageRecord): { values?: Map<PropertyConfig, PropertyValue>; title?: PropertyValue } {
  const store = call.access.store;
  if (page.parent.type === 'data_source_id') {
    const source = store.state.dataSources[page.parent.id];
    return { values: parseDataSourceProperties(call.body.properties, 'body.properties', source) };
  }
  return { title: parsePlainPageProperties(call.body.properties, 'body.properties').title };
}

/**
 * `POST /v1/pages/{id}/move`: to another page (last child) or into a data source (as a row whose
 * title is kept; other values start empty). A page cannot move below itself.
 */
function move(call: ApiCall) {
  const { body, access } = call;
  const store = access.store;
  const page = access.page(call.req.params.page_id);
  if (page.inTrash) throw validationError(ARCHIVED_MESSAGE);
  const parent = requireObject(body.parent, 'body.parent');
  const title = store.pageTitle(page);
  let target: { parent: PageParent; container: PageRecord | null; source: DataSourceRecord | null };
  if (parent.page_id !== undefined) {
    const container = access.page(parent.page_id, 'body.parent.page_id');
    refuseTrashedTarget(call, container.id);
    for (let id: string | null = container.id; id; ) {
      if (id === page.id) throw validationError('A page cannot be moved into itself or a page below it.');
      const node = store.node(id);
      id = node ? store.parentOf(node) : null;
    }
    target = { parent: { type: 'page_id', id: container.id }, container, source: null };
  } else {
    const source = access.dataSource(parent.data_source_id, 'body.parent.data_source_id');
    refuseTrashedTarget(call, source.id);
    target = { parent: { type: 'data_source_id', id: source.id, databaseId: source.databaseId }, container: null, source };
  }

  const oldParent = page.parent;
  if (oldParent.type === 'page_id' || oldParent.type === 'block_id') {
    const from = store.childList(oldParent.id);
    if (from?.includes(page.id)) from.splice(from.indexOf(page.id), 1);
    touchUpwards(store, oldParent.id, call.botId);
  }
  page.parent = target.parent;
  if (target.container) {
    placeChildren(target.container, [page.id], { type: 'end' });
    touchUpwards(store, target.container.id, call.botId);
    page.properties = { title: { type: 'title', value: title } };
  } else if (target.source) {
    page.properties = {};
    for (const property of target.source.properties) page.properties[property.id] = property.type === 'title' ? { type: 'title', value: title } : emptyValue(property);
  }
  store.touch(page, call.botId);
  return call.render.page(page);
}

function propertyItem(call: ApiCall) {
  const { access, req } = call;
  const page = access.page(req.params.page_id);
  const source = page.parent.type === 'data_source_id' ? access.store.state.dataSources[page.parent.id] : undefined;
  const propertyId = req.params.property_id;
  const property = source ? source.properties.find((p) => p.id === propertyId) : propertyId === 'title' ? { id: 'title' } : undefined;
  const value = property ? page.properties[property.id] : undefined;
  if (!property || !value) throw new NotionApiError(404, 'object_not_found', `Could not find property with ID: ${propertyId}.`);
  const found = propertyItems(property.id, value, call.render);
  if ('item' in found) return found.item;
  const size = pageSize(req.query.get('page_size') ?? undefined, 'query.page_size');
  const start = decodeCursor(req.query.get('start_cursor'), found.list.length);
  const results = found.list.slice(start, start + size);
  const next = start + size < found.list.length ? encodeCursor(start + size) : null;
  const nextUrl = next ? `${call.render.apiUrl(`/v1/pages/${page.id}/properties/${encodeURIComponent(property.id)}`)}?start_cursor=${next}` : null;
  return {
    object: 'list',
    results,
    next_cursor: next,
    has_more: next !== null,
    type: 'property_item',
    property_item: { id: property.id, next_url: nextUrl, type: value.type, [value.type]: {} },
  };
}

/** Property-item cursors are opaque strings (they are positions, not ids). */
function encodeCursor(index: number): string {
  return Buffer.from(`pi:${index}`).toString('base64url');
}

function decodeCursor(raw: string | null, length: number): number {
  if (raw === null || raw === '') return 0;
  const match = /^pi:(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  const index = match ? Number(match[1]) : -1;
  if (index < 0 || index > length) throw validationError(`query failed validation: query.start_cursor should be a valid cursor, instead was \`${JSON.stringify(raw)}\`.`);
  return index;
}

export function pageRoutes(): Route[] {
  return [
    { kind: 'api', method: 'POST', template: '/v1/pages', handle: create },
    { kind: 'api', method: 'GET', template: '/v1/pages/{page_id}', handle: (call) => call.render.page(call.access.page(call.req.params.page_id)) },
    { kind: 'api', method: 'PATCH', template: '/v1/pages/{page_id}', handle: update },
    { kind: 'api', method: 'POST', template: '/v1/pages/{page_id}/move', handle: move },
    { kind: 'api', method: 'GET', template: '/v1/pages/{page_id}/properties/{property_id}', handle: propertyItem },
  ];
}
