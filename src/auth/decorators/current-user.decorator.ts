import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, AuthenticatedUser } from '../authenticated-user';

/** The signed-in user. Throws on a route no guard authenticated: a @Public() route cannot have one. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('@CurrentUser() used on a route the session guard did not authenticate');
  return user;
});

/** The public id of the session the request was made with. Same rule as @CurrentUser(). */
export const CurrentSessionId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const sessionId = context.switchToHttp().getRequest<AuthenticatedRequest>().sessionId;
  if (!sessionId) throw new Error('@CurrentSessionId() used on a route the session guard did not authenticate');
  return sessionId;
});
