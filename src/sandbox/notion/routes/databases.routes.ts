import { bodyValidation, validationError } from '../core/errors';
import { newId } from '../core/ids';
import { parseCover, parseIcon } from '../content/block-requests';
import { compileFilter, compileSorts } from '../content/query';
import { paginate } from '../content/pagination';
import { linkDualRelations, parsePropertySchema } from '../content/property-schema';
import { parseRichText } from '../content/rich-text';
import { placeChildren, touchUpwards } from '../content/tree';
import { optionalBoolean, pageSize, requireObject } from '../content/validate';
import { ApiCall, Route } from '../http/types';
import { DataSourceRecord, DatabaseParent, DatabaseRecord } from '../store/model';
import { ARCHIVED_MESSAGE, trashFlag } from './shared';

function resolveParent(call: ApiCall, raw: unknown): DatabaseParent {
  const parent = requireObject(raw, 'body.parent');
  if (parent.workspace === true || parent.type === 'workspace') {
    if (call.access.integration.kind !== 'public') throw validationError('Internal integrations cannot create workspace-level databases.');
    return { type: 'workspace' };
  }
  if (parent.page_id !== undefined) {
    const page = call.access.page(parent.page_id, 'body.parent.page_id');
    if (page.inTrash) throw validationError(ARCHIVED_MESSAGE);
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
    { kind: 'api', method: 'POST', template: '/v1/data_sources/{data_source_id}/query', handle: query },
  ];
}
