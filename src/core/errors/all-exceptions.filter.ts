import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { allowedMethods, matchedRoute } from '../http/allowed-methods';
import { DependencyUnavailableError, DomainError, MethodNotAllowedError } from './domain-error';
import { codeForStatus, statusForCode, type ErrorCode } from './error-codes';
import type { ErrorResponseDto } from './error-response.dto';

/**
 * Turns every failure into `{statusCode, code, message, requestId}`. Domain errors keep their message;
 * Nest's HTTP exceptions keep theirs (they are written by the framework, not from user data); anything
 * else becomes a 500 whose body carries only the request id, and the stack goes to the log under that id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(thrown: unknown, host: ArgumentsHost): void {
    let exception = thrown;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const requestId = String(request.id ?? '');
    if (exception instanceof NotFoundException && !matchedRoute(request)) {
      // No route matched: a known path asked with another method is a 405, with the methods it takes.
      const allowed = allowedMethods(request);
      if (allowed.length > 0) exception = new MethodNotAllowedError(allowed);
    }
    if (databaseUnreachable(exception)) exception = new DependencyUnavailableError('database', exception);
    const body = this.toBody(exception, requestId);

    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId, code: body.code }, 'Request failed');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    if (exception instanceof DomainError && exception.options.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.options.retryAfterSeconds))));
    }
    if (exception instanceof DomainError && exception.options.challenge) response.setHeader('WWW-Authenticate', exception.options.challenge);
    if (exception instanceof MethodNotAllowedError) response.setHeader('Allow', exception.allowed.join(', '));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorResponseDto {
    if (exception instanceof DomainError) {
      const statusCode = statusForCode(exception.code);
      return {
        statusCode,
        code: exception.code,
        message: exception.code === 'INTERNAL' ? 'Internal error.' : exception.message,
        requestId,
        ...(exception.options.details ? { details: exception.options.details } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const code: ErrorCode = exception instanceof ThrottlerException ? 'RATE_LIMITED' : codeForStatus(statusCode);
      const message = statusCode >= 500 ? 'Internal error.' : httpMessage(exception);
      return { statusCode, code, message, requestId };
    }
    return { statusCode: 500, code: 'INTERNAL', message: 'Internal error.', requestId };
  }
}

/**
 * node-postgres's words for: no free connection in time, a handshake or a query unanswered in time
 * (DATABASE_CONNECT_TIMEOUT_MS, DATABASE_QUERY_TIMEOUT_MS), a connection dropped (by the server, or by
 * DeadlinePgClient after a timeout) under a query, and a refused connect.
 */
const DATABASE_UNREACHABLE =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client was closed and is not queryable|connect ECONNREFUSED/;

/**
 * The pool could not hand out a connection in time (overload) or the server went away: the request was not
 * served, and trying again shortly may work, so it is a 503 with Retry-After rather than an internal error.
 */
function databaseUnreachable(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  return DATABASE_UNREACHABLE.test(exception.message);
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}
