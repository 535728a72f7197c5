import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MalformedJsonError, PayloadTooLargeError } from '../errors/domain-error';

/**
 * Express's JSON parser, with its failures turned into domain errors before they reach the global filter
 * (Nest would otherwise flatten a syntax error into a generic 400 and lose why it happened).
 */
export function jsonBodyParser(limit: string): RequestHandler {
  const parse = json({ limit });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const type = (err as { type?: string }).type;
      if (type === 'entity.parse.failed') return next(new MalformedJsonError());
      if (type === 'entity.too.large') return next(new PayloadTooLargeError(limit));
      return next(err);
    });
  };
}
