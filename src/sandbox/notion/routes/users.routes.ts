import { Route } from '../http/types';

export function userRoutes(): Route[] {
  return [{ kind: 'api', method: 'GET', template: '/v1/users/me', handle: (call) => call.render.botUser(call.access.bot) }];
}
