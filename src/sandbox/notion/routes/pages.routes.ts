import { bodyValidation, validationError } from '../core/errors';
import { parseBlockList, parseCover, parseIcon } from '../content/block-requests';
import { createPage } from '../content/pages';
import { parseDataSourceProperties, parsePlainPageProperties } from '../content/property-values';
import { setValues } from '../content/pages';
import { PayloadBudget, isObject, optionalBoolean, requireObject } from '../content/validate';
import { ApiCall, Route } from '../http/types';
import { DataSourceRecord, PageParent, PageRecord, PropertyConfig, PropertyValue } from '../store/model';
import { ARCHIVED_MESSAGE, insertPosition, trashFlag } from './shared';
import { Container } from '../content/tree';

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
    if (page.inTrash) throw validationError(ARCHIVED_MESSAGE);
    return { parent: { type: 'page_id', id: page.id }, container: page };
  }
  if (parent.data_source_id !== undefined) {
    const source = access.dataSource(parent.data_source_id, 'body.parent.data_source_id');
    return { parent: { type: 'data_source_id', id: source.id, databaseId: source.databaseId }, container: null, source };
  }
  if (parent.database_id !== undefined) {
    const db = access.database(parent.database_id, 'body.parent.database_id');
    if (db.dataSourceIds.length !== 1) {
      throw validationError(`Database ${db.id} has ${db.dataSourceIds.length} data sources; use a data_source_id parent.`);
    }
    const source = call.access.store.state.dataSources[db.dataSourceIds[0]];
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

export function pageRoutes(): Route[] {
  return [
    { kind: 'api', method: 'POST', template: '/v1/pages', handle: create },
    { kind: 'api', method: 'GET', template: '/v1/pages/{page_id}', handle: (call) => call.render.page(call.access.page(call.req.params.page_id)) },
    { kind: 'api', method: 'PATCH', template: '/v1/pages/{page_id}', handle: update },
  ];
}
