import { bodyValidation, validationError } from '../core/errors';
import { parseBlockList, parseBlockUpdate } from '../content/block-requests';
import { paginate } from '../content/pagination';
import { Container, insertBlocks, touchUpwards, visibleChildren } from '../content/tree';
import { PayloadBudget, pageSize } from '../content/validate';
import { ApiCall, Route } from '../http/types';
import { ContentNode } from '../store/store';
import { JsonObject } from '../store/model';
import { ARCHIVED_MESSAGE, insertPosition, refuseTrashedTarget, trashFlag } from './shared';

/** A block id may name a block, a page (its `child_page` block) or a database (`child_database`). */
function blockNode(call: ApiCall): ContentNode {
  const node = call.access.visibleNode(call.req.params.block_id, 'block');
  if (node.kind === 'data_source') throw call.access.notFound('block', node.record.id);
  return node;
}

function container(call: ApiCall): Container {
  const node = blockNode(call);
  if (node.kind === 'database') {
    throw validationError(`Block ${node.record.id} is a child_database; its rows are pages of its data sources.`);
  }
  return node.record as Container;
}

function update(call: ApiCall) {
  const node = blockNode(call);
  const { body } = call;
  const trash = trashFlag(call, body);
  if (node.record.inTrash && trash !== false) throw validationError(ARCHIVED_MESSAGE);
  let data: JsonObject | null = null;
  for (const key of Object.keys(body)) {
    if (key === 'in_trash' || key === 'archived' || key === 'type') continue;
    const type = node.kind === 'block' ? node.record.type : node.kind === 'page' ? 'child_page' : 'child_database';
    if (node.kind !== 'block' || key !== type) throw bodyValidation(`body.${key}`, `should be not present (the block is a \`${type}\`)`, body[key]);
    data = parseBlockUpdate(type, body[key], `body.${key}`, data ?? node.record.data);
  }
  if (trash !== undefined) node.record.inTrash = trash;
  if (data && node.kind === 'block') node.record.data = data;
  touchUpwards(call.access.store, node.record.id, call.botId);
  return call.render.block(node.record.id);
}

function remove(call: ApiCall) {
  const node = blockNode(call);
  node.record.inTrash = true;
  touchUpwards(call.access.store, node.record.id, call.botId);
  return call.render.block(node.record.id);
}

function listChildren(call: ApiCall) {
  const parent = container(call);
  const size = pageSize(call.req.query.get('page_size') ?? undefined, 'query.page_size');
  const ids = visibleChildren(call.access.store, parent);
  const { page, nextCursor } = paginate(ids, (id) => id, call.req.query.get('start_cursor') ?? undefined, size, 'query.start_cursor');
  return call.render.list('block', page.map((id) => call.render.block(id)), nextCursor);
}

function appendChildren(call: ApiCall) {
  const parent = container(call);
  refuseTrashedTarget(call, parent.id);
  if (call.body.children === undefined) throw bodyValidation('body.children', 'should be defined', undefined);
  const drafts = parseBlockList(call.body.children, 'body.children', new PayloadBudget());
  const position = insertPosition(call, call.body);
  const ids = insertBlocks(call.access.store, parent, drafts, position, call.botId);
  return call.render.list('block', ids.map((id) => call.render.block(id)), null);
}

export function blockRoutes(): Route[] {
  return [
    { kind: 'api', method: 'GET', template: '/v1/blocks/{block_id}', handle: (call) => call.render.block(blockNode(call).record.id) },
    { kind: 'api', method: 'PATCH', template: '/v1/blocks/{block_id}', handle: update },
    { kind: 'api', method: 'DELETE', template: '/v1/blocks/{block_id}', handle: remove },
    { kind: 'api', method: 'GET', template: '/v1/blocks/{block_id}/children', handle: listChildren },
    { kind: 'api', method: 'PATCH', template: '/v1/blocks/{block_id}/children', handle: appendChildren },
  ];
}
