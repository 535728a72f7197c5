import { DomainError, NotFoundError } from '../core/errors/domain-error';
import { registerErrorStatus } from '../core/errors/error-codes';

/** The notes' error codes and their HTTP statuses. */
export const NOTE_ERROR_STATUS = registerErrorStatus({
  // The note is in the trash: restore it first (POST /notes/{id}/restore).
  NOTE_IN_TRASH: 409,
  // A link from a note to itself.
  NOTE_LINK_INVALID: 400,
  // A `cursor` that this API did not hand out (or for another query).
  NOTE_CURSOR_INVALID: 400,
});

declare module '../core/errors/error-codes' {
  interface ErrorStatusMaps {
    notes: typeof NOTE_ERROR_STATUS;
  }
}

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
