import { DomainError } from '../../core/errors/domain-error';

/** GET (a server-sent event stream) and DELETE (ending a session) have no use on a stateless server. */
export class McpMethodNotAllowedError extends DomainError {
  constructor() {
    super('METHOD_NOT_ALLOWED', 'This MCP server is stateless: send every message with POST.');
  }
}
