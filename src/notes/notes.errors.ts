import { DomainError, NotFoundError } from '../core/errors/domain-error';

/** Another user's note answers exactly like a note that does not exist. */
export class NoteNotFoundError extends NotFoundError {
  constructor() {
    super('Note');
  }
}

export class NoteInTrashError extends DomainError {
  constructor() {
    super('NOTE_IN_TRASH', 'The note is in the trash; restore it first.');
  }
}

export class NoteLinkInvalidError extends DomainError {
  constructor() {
    super('NOTE_LINK_INVALID', 'A note cannot link to itself.');
  }
}

export class NoteCursorInvalidError extends DomainError {
  constructor() {
    super('NOTE_CURSOR_INVALID', 'The cursor is not valid for this query.');
  }
}
