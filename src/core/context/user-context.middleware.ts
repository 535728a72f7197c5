import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { UserContextService } from './user-context.service';

/**
 * Opens the request's user-context frame. The JSON body is read later, by JsonBodyGuard, through an awaited
 * promise, so the rest of the request continues inside this frame (a parser mounted as middleware and
 * resuming on a stream event would not).
 */
@Injectable()
export class UserContextMiddleware implements NestMiddleware {
  constructor(private readonly context: UserContextService) {}

  use(_req: Request, _res: Response, next: NextFunction): void {
    this.context.run(next);
  }
}
