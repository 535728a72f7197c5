import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, type FieldError } from '../core/errors/domain-error';
import type { ToolContext } from './tool-definition';
import type { ToolRegistry } from './tool-registry';

export interface ToolFailure {
  code: string;
  message: string;
  details?: FieldError[];
  /** Set for an unexpected failure: the id under which it was logged. */
  errorId?: string;
}

/** How one tool call ended, as MCP clients and the assistant's model are told (they never see a crash). */
export type ToolOutcome = { ok: true; result: unknown } | { ok: false; error: ToolFailure };

const logger = new Logger('ToolRun');

/**
 * Runs a tool and never rejects: a domain error becomes its code and message, anything else an INTERNAL
 * failure whose details go only to the log, under an id the caller is given.
 */
export async function runToolSafely(registry: ToolRegistry, ctx: ToolContext, name: string, args: unknown): Promise<ToolOutcome> {
  try {
    return { ok: true, result: await registry.invoke(ctx, name, args) };
  } catch (error) {
    if (error instanceof DomainError && error.code !== 'INTERNAL') {
      const details = error.options.details;
      return { ok: false, error: { code: error.code, message: error.message, ...(details ? { details } : {}) } };
    }
    const errorId = randomUUID();
    logger.error({ err: error, errorId, tool: name, userId: ctx.userId, via: ctx.via }, 'Tool failed unexpectedly');
    return { ok: false, error: { code: 'INTERNAL', message: 'The tool failed unexpectedly.', errorId } };
  }
}
