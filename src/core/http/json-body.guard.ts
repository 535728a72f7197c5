import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { createJsonBodyReader } from './json-body';

/** Whether a handler declares a `@Body()` parameter (Nest records it as `<paramtype>:<index>` keys). */
function takesBody(controller: object, handler: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
}

/**
 * Reads the JSON body, only for handlers that take one and only once the request got past the global
 * guards registered before it (throttle, session): a route without a body, an unknown route or an
 * unauthenticated request never has its body parsed. A guard is the first place where the handler is
 * known; it always lets the request through, or fails with the parser's 4xx.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  private readonly read: (req: Request, res: Response) => Promise<void>;

  constructor(config: AppConfig) {
    this.read = createJsonBodyReader(config.http.bodyLimit);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (!takesBody(context.getClass(), context.getHandler().name)) return true;
    const http = context.switchToHttp();
    await this.read(http.getRequest<Request>(), http.getResponse<Response>());
    return true;
  }
}
