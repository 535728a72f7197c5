import { DomainError, NotFoundError } from '../core/errors/domain-error';
import { registerErrorStatus } from '../core/errors/error-codes';

/** The note pages' and links' error codes and their HTTP statuses. */
export const PAGE_ERROR_STATUS = registerErrorStatus({
  // A page cannot be linked to itself.
  PAGE_LINK_TO_SELF: 400,
  // The two pages are already linked in this direction.
  PAGE_LINK_EXISTS: 409,
  // The user's "Personal Assistant" page holds their notes database: it is not trashed through the API.
  PAGE_PROTECTED: 409,
});

declare module '../core/errors/error-codes' {
  interface ErrorStatusMaps {
    pages: typeof PAGE_ERROR_STATUS;
  }
}

export class PageLinkToSelfError extends DomainError {
  constructor() {
    super('PAGE_LINK_TO_SELF', 'A page cannot be linked to itself; give two different pages.');
  }
}

export class PageLinkExistsError extends DomainError {
  constructor() {
    super('PAGE_LINK_EXISTS', 'These pages are already linked in this direction.');
  }
}

export class PageLinkNotFoundError extends NotFoundError {
  constructor() {
    super('Link between these pages');
  }
}

export class PageProtectedError extends DomainError {
  constructor() {
    super('PAGE_PROTECTED', 'This is your "Personal Assistant" page, which holds your notes; delete it in Notion if you really mean to.');
  }
}
