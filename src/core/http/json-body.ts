import { json, raw } from 'express';
import type { Request, Response } from 'express';
import { DomainError, MalformedJsonError, PayloadTooLargeError } from '../errors/domain-error';
import { codeForStatus } from '../errors/error-codes';

/** Deeper JSON is refused before it is parsed: no request of this API nests anywhere near it. */
export const MAX_JSON_DEPTH = 32;

export class JsonTooDeepError extends DomainError {
  /** body-parser keeps the status of an error thrown from `verify`. */
  readonly status = 400;

  constructor() {
    super('BAD_REQUEST', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(message: string) {
    super('UNSUPPORTED_MEDIA_TYPE', message);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]);
const CLOSE = new Set([0x5d, 0x7d]);

/**
 * Throws when the UTF-8 JSON text in `buffer` nests deeper than `max`. One pass over the bytes, no
 * allocation: a hostile body is refused in linear time instead of recursing through the parser and the
 * validator (which overflow the stack around a few thousand levels). Bytes of multi-byte UTF-8 sequences
 * never equal an ASCII bracket or quote, so the scan is exact.
 */
export function assertJsonDepth(buffer: Uint8Array, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buffer.length; i++) {
    const byte = buffer[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPEN.has(byte)) {
      if (++depth > max) throw new JsonTooDeepError();
    } else if (CLOSE.has(byte)) {
      depth--;
    }
  }
}

/** The charset of a Content-Type header, lower-cased; undefined when it names none. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1].toLowerCase();
}

/**
 * Reads a JSON body with Express's parser and turns each of its failures into the matching 4xx domain
 * error, so nothing a client sends as a body can become a 500. JSON is UTF-8 (RFC 8259): any other
 * declared charset is refused with 415 before a byte is read.
 */
export function createJsonBodyReader(limit: string): (req: Request, res: Response) => Promise<void> {
  const parse = json({ limit, verify: (_req, _res, buffer) => assertJsonDepth(buffer) });
  return (req, res) =>
    new Promise<void>((resolve, reject) => {
      const charset = charsetOf(req.headers['content-type']);
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        reject(new UnsupportedMediaTypeError('JSON bodies must be UTF-8.'));
        return;
      }
      parse(req, res, (error?: unknown) => (error ? reject(toDomainError(error, limit)) : resolve()));
    });
}

/**
 * Reads a body as raw bytes (any content type, within `limit`), for routes that must see exactly what was
 * sent, e.g. to check a signature over it before parsing. Failures are the same 4xx as the JSON reader's.
 */
export function createRawBodyReader(limit: string): (req: Request, res: Response) => Promise<Buffer> {
  const read = raw({ limit, type: () => true });
  return (req, res) =>
    new Promise<Buffer>((resolve, reject) => {
      read(req, res, (error?: unknown) => {
        if (error) reject(toDomainError(error, limit));
        else resolve(Buffer.isBuffer(req.body) ? (req.body as Buffer) : Buffer.alloc(0));
      });
    });
}

function toDomainError(error: unknown, limit: string): DomainError {
  if (error instanceof DomainError) return error;
  const { type, status } = error as { type?: string; status?: number };
  switch (type) {
    case 'entity.parse.failed':
      return new MalformedJsonError();
    case 'entity.too.large':
      return new PayloadTooLargeError(limit);
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('JSON bodies must be UTF-8.');
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError('The Content-Encoding is not supported (use gzip, deflate or br).');
    case 'request.aborted':
      return new RequestAbortedError();
  }
  // Anything else the reader raises is about the bytes the client sent (a body that is not really
  // gzip, a wrong Content-Length...): a 4xx of its own status, never a 500.
  const code = typeof status === 'number' && status >= 400 && status < 500 ? codeForStatus(status) : 'BAD_REQUEST';
  return new DomainError(code, 'The request body could not be read.');
}

/** The client went away mid-body: nobody is left to answer, and it is not a fault of the service. */
export class RequestAbortedError extends DomainError {
  constructor() {
    super('BAD_REQUEST', 'The request body was not sent completely.');
  }
}
