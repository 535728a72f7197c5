import { DomainError, ValidationFailedError, type FieldError } from '../core/errors/domain-error';
import { registerErrorStatus } from '../core/errors/error-codes';

/** The agent tools' error codes and their HTTP statuses. */
export const TOOL_ERROR_STATUS = registerErrorStatus({
  TOOL_NOT_FOUND: 404,
});

declare module '../core/errors/error-codes' {
  interface ErrorStatusMaps {
    tools: typeof TOOL_ERROR_STATUS;
  }
}

export class ToolNotFoundError extends DomainError {
  constructor(name: string) {
    // The name is echoed only in its safe form (it matched no tool, so it may be anything).
    super('TOOL_NOT_FOUND', `There is no tool named "${name.slice(0, 64).replace(/[^A-Za-z0-9_-]/g, '?')}".`);
  }
}

/** Arguments that do not match a tool's input schema; `details` name each field by its path in the arguments. */
export class ToolArgumentsInvalidError extends ValidationFailedError {
  constructor(details: FieldError[]) {
    super(details);
    this.message = 'The tool arguments are invalid.';
  }
}
