import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { UserContextService } from './user-context.service';

/**
 * Opens the request's user-context frame. Mount it after the body parser: a parser that finishes on a
 * stream event would otherwise continue outside the frame.
 */
@Injectable()
export class UserContextMiddleware implements NestMiddleware {
  constructor(private readonly context: UserContextService) {}

  use(_req: Request, _res: Response, next: NextFunction): void {
    this.context.run(next);
  }
}
