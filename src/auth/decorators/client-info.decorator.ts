import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ClientInfo } from '../sessions/session.service';

const MAX_USER_AGENT = 512;

export function clientInfoOf(request: Request): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null };
}

/** The caller's IP (as Express sees it, honouring TRUST_PROXY) and user agent. */
export const Client = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ClientInfo => clientInfoOf(context.switchToHttp().getRequest<Request>()),
);
