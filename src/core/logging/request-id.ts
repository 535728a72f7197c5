import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a client may send as its own correlation id: short and plain, so it is safe in logs and headers. */
const PLAIN_CLIENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export const REQUEST_ID_HEADER = 'x-request-id';
export const CLIENT_REQUEST_ID_HEADER = 'x-client-request-id';

type WithIds = IncomingMessage & { id?: unknown; clientRequestId?: string };

/**
 * Gives the request its id and echoes it as `x-request-id`. The id is always generated here, so it is
 * unique whatever clients send; a client's own short, plain `x-request-id` is kept beside it (logged as
 * `clientRequestId`, echoed as `x-client-request-id`) for the client to correlate, never used as ours.
 * Mounted first, so every response carries it: Swagger UI, 404s of malformed URLs, parser errors.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const request = req as WithIds;
  if (typeof request.id === 'string') return request.id;
  const id = randomUUID();
  request.id = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  const given = req.headers[REQUEST_ID_HEADER];
  if (typeof given === 'string' && PLAIN_CLIENT_ID.test(given)) {
    request.clientRequestId = given;
    res.setHeader(CLIENT_REQUEST_ID_HEADER, given);
  }
  return id;
}

export function clientRequestIdOf(req: IncomingMessage): string | undefined {
  return (req as WithIds).clientRequestId;
}

/** As an Express middleware. */
export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  assignRequestId(req, res);
  next();
}
