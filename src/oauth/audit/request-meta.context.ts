import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';

export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 512;

/**
 * The request id, IP and user agent of the request being handled, for audit entries written deep in the
 * token vault (whose API takes only an integration id). Background work has none: its entries carry nulls.
 */
@Injectable()
export class RequestMetaContext {
  private readonly storage = new AsyncLocalStorage<RequestMeta>();

  run<T>(meta: RequestMeta, fn: () => T): T {
    return this.storage.run(meta, fn);
  }

  get current(): RequestMeta {
    return this.storage.getStore() ?? { requestId: null, ip: null, userAgent: null };
  }
}

/**
 * Opens the request-meta frame around a handler. An interceptor rather than a middleware: it runs after the
 * body parser and the guards, so the frame never depends on how they resume.
 */
@Injectable()
export class RequestMetaInterceptor implements NestInterceptor {
  constructor(private readonly context: RequestMetaContext) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = execution.switchToHttp().getRequest<Request & { id?: unknown }>();
    const userAgent = request.headers['user-agent'];
    const meta: RequestMeta = {
      requestId: request.id === undefined || request.id === null ? null : String(request.id).slice(0, 128),
      ip: request.ip ? request.ip.slice(0, 64) : null,
      userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
    };
    return new Observable((subscriber) => this.context.run(meta, () => next.handle().subscribe(subscriber)));
  }
}
