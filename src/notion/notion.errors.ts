import { DomainError } from '../core/errors/domain-error';
import { registerErrorStatus } from '../core/errors/error-codes';

/** The Notion layer's error codes and their HTTP statuses. */
export const NOTION_ERROR_STATUS = registerErrorStatus({
  NOTION_OBJECT_NOT_FOUND: 404,
  NOTION_ACCESS_DENIED: 403,
  // 422, not 502: what Notion refused is content the client sent (a select option with a comma, too many
  // relations...), so the client can fix it; our own request builders are tested never to break Notion's limits.
  NOTION_VALIDATION_FAILED: 422,
  NOTION_RATE_LIMITED: 429,
  // Markdown nested deeper than the converter reads (lists and quotes; the limit is in the message).
  CONTENT_NESTING_TOO_DEEP: 400,
  NOTION_UNAVAILABLE: 503,
  // The person trashed (or deleted) their "Personal Assistant" page or its Table of Contents in Notion: nothing
  // is written until they choose, in GET /workspace or /app, to restore it or to start a new workspace.
  NOTION_WORKSPACE_TRASHED: 409,
  // POST /workspace/restore on a workspace Notion deleted for good: only starting a new one is left. (Not
  // NOTION_-prefixed: only the two workspace routes answer these, not every route that reaches Notion.)
  WORKSPACE_GONE: 409,
  // POST /workspace/start-new while the workspace is in place: there is nothing to start over from.
  WORKSPACE_ACTIVE: 409,
});

declare module '../core/errors/error-codes' {
  interface ErrorStatusMaps {
    notion: typeof NOTION_ERROR_STATUS;
  }
}

// Raised by the OAuth token vault and re-exported so the Notion layer names them from one place.
export { NotionNotConnectedError, NotionReauthRequiredError } from '../oauth/oauth.errors';

export class NotionObjectNotFoundError extends DomainError {
  constructor() {
    super('NOTION_OBJECT_NOT_FOUND', 'The Notion page or database was not found, or is not shared with the assistant.');
  }
}

export class NotionAccessDeniedError extends DomainError {
  constructor() {
    super('NOTION_ACCESS_DENIED', 'The Notion connection is not allowed to do this.');
  }
}

/** Notion refused the request's content. `notionMessage` is Notion's explanation, already sanitised. */
export class NotionValidationFailedError extends DomainError {
  constructor(
    readonly notionMessage: string,
    /** Notion refused to edit something that is in the trash. */
    readonly targetInTrash = false,
  ) {
    super('NOTION_VALIDATION_FAILED', `Notion refused the request: ${notionMessage}`);
  }
}

export class NotionRateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('NOTION_RATE_LIMITED', 'Too many Notion requests for this workspace; try again later.', {
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
    });
  }
}

export class NotionUnavailableError extends DomainError {
  constructor(retryAfterSeconds = 5) {
    super('NOTION_UNAVAILABLE', 'Notion is unavailable; try again shortly.', { retryAfterSeconds });
  }
}

/** Markdown nested deeper than the converter reads: refused whole rather than synced with text missing. */
export class ContentNestingTooDeepError extends DomainError {
  constructor(maxLevels: number) {
    super('CONTENT_NESTING_TOO_DEEP', `The Markdown nests lists and quotes more than ${maxLevels} levels deep; flatten it and try again.`);
  }
}

/**
 * The person's "Personal Assistant" page or Table of Contents is in the trash or gone in Notion. Nothing is
 * re-created behind their back: writes wait (the note sync parks them) until they restore it or start a new
 * workspace (GET /workspace shows the choices).
 */
export class NotionWorkspaceTrashedError extends DomainError {
  constructor(readonly state: string) {
    super(
      'NOTION_WORKSPACE_TRASHED',
      state === 'gone'
        ? 'Your "Personal Assistant" page or its Table of Contents was deleted in Notion; start a new workspace (GET /workspace, or /app).'
        : 'Your "Personal Assistant" page or its Table of Contents is in the Notion trash; restore it or start a new workspace (GET /workspace, or /app).',
    );
  }
}

export class NotionWorkspaceGoneError extends DomainError {
  constructor() {
    super('WORKSPACE_GONE', 'Notion deleted your "Personal Assistant" page or its Table of Contents for good; it cannot be restored. Start a new workspace instead.');
  }
}

export class NotionWorkspaceActiveError extends DomainError {
  constructor() {
    super('WORKSPACE_ACTIVE', 'Your "Personal Assistant" page and its Table of Contents are in place in Notion; there is nothing to start over from.');
  }
}
