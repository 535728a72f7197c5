import { bodyValidation, validationError } from '../core/errors';
import { isLegacy } from '../core/version';
import { requireUuid } from '../store/access';
import { ApiCall } from '../http/types';
import { InsertPosition } from '../content/tree';
import { Obj, isObject, requireBoolean, requireObject } from '../content/validate';

/**
 * Reads the trash flag under its version-specific name: `in_trash` everywhere, `archived` only
 * on 2025-09-03 (2026-03-11 removed it).
 */
export function trashFlag(call: ApiCall, body: Obj): boolean | undefined {
  if (body.archived !== undefined) {
    if (!isLegacy(call.version)) throw bodyValidation('body.archived', 'should be not present (use `in_trash` since 2026-03-11)', body.archived);
    if (body.in_trash !== undefined) throw validationError('body failed validation: provide only one of `in_trash` and `archived`.');
    return requireBoolean(body.archived, 'body.archived');
  }
  return body.in_trash === undefined ? undefined : requireBoolean(body.in_trash, 'body.in_trash');
}

/** `position` (both versions) or the older `after` (2025-09-03 only); never both. */
export function insertPosition(call: ApiCall, body: Obj, startName = 'start', endName = 'end'): InsertPosition {
  if (body.after !== undefined) {
    if (!isLegacy(call.version)) throw bodyValidation('body.after', 'should be not present (use `position` since 2026-03-11)', body.after);
    if (body.position !== undefined) throw validationError('body failed validation: provide only one of `after` and `position`.');
    return { type: 'after', id: requireUuid(body.after, 'body.after') };
  }
  if (body.position === undefined) return { type: 'end' };
  const position = requireObject(body.position, 'body.position');
  if (position.type === startName) return { type: 'start' };
  if (position.type === endName) return { type: 'end' };
  if (position.type === 'after_block') {
    const target = isObject(position.after_block) ? position.after_block.id : undefined;
    return { type: 'after', id: requireUuid(target, 'body.position.after_block.id') };
  }
  throw bodyValidation('body.position.type', `should be \`"${startName}"\`, \`"${endName}"\` or \`"after_block"\``, position.type);
}

export const ARCHIVED_MESSAGE = "Can't edit block that is archived. You must unarchive the block before editing.";

/**
 * Writing into a page, database or data source (a child page, a row, a database, a move) edits it,
 * so it is refused while it — or any page above it — is in the trash, with Notion's message for
 * edits to archived blocks. See docs/notion-sandbox.md "Trash".
 */
export function refuseTrashedTarget(call: ApiCall, targetId: string): void {
  if (call.access.store.isEffectivelyTrashed(targetId)) throw validationError(ARCHIVED_MESSAGE);
}
