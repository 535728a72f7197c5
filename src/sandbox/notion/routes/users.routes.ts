import { notFound } from '../core/errors';
import { paginate } from '../content/pagination';
import { pageSize } from '../content/validate';
import { ApiCall, Route } from '../http/types';
import { requireUuid } from '../store/access';
import { JsonObject } from '../store/model';

/** The workspace's people (members), then the bots installed in it, as `GET /v1/users` lists them. */
function workspaceUsers(call: ApiCall): Array<{ id: string; render: () => JsonObject }> {
  const state = call.access.store.state;
  const workspace = state.workspaces[call.access.bot.workspaceId];
  const people = workspace.memberIds
    .map((id) => state.people[id])
    .filter((person) => person !== undefined)
    .map((person) => ({ id: person.id, render: () => call.render.person(person) }));
  const bots = Object.values(state.bots)
    .filter((bot) => bot.workspaceId === workspace.id)
    .map((bot) => ({ id: bot.id, render: () => call.render.botUser(bot) }));
  return [...people, ...bots];
}

function list(call: ApiCall) {
  const size = pageSize(call.req.query.get('page_size') ?? undefined, 'query.page_size');
  const { page, nextCursor } = paginate(workspaceUsers(call), (u) => u.id, call.req.query.get('start_cursor') ?? undefined, size, 'query.start_cursor');
  return { object: 'list', results: page.map((u) => u.render()), next_cursor: nextCursor, has_more: nextCursor !== null, type: 'user', user: {} };
}

function retrieve(call: ApiCall) {
  const id = requireUuid(call.req.params.user_id, 'path.user_id');
  const user = workspaceUsers(call).find((u) => u.id === id);
  if (!user) throw notFound('user', id, call.access.integration.name);
  return user.render();
}

export function userRoutes(): Route[] {
  return [
    { kind: 'api', method: 'GET', template: '/v1/users/me', handle: (call) => call.render.botUser(call.access.bot) },
    { kind: 'api', method: 'GET', template: '/v1/users', handle: list },
    { kind: 'api', method: 'GET', template: '/v1/users/{user_id}', handle: retrieve },
  ];
}
