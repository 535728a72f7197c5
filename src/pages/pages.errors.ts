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
