import { DomainError, NotFoundError } from '../core/errors/domain-error';

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
