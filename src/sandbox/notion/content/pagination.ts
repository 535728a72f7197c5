import { validationError } from '../core/errors';
import { normalizeId } from '../core/ids';

/**
 * Cursor pagination as Notion does it: the cursor is the id of the first item of the next page
 * (a UUID), `next_cursor` is null on the last page.
 */
export function paginate<T>(items: T[], idOf: (item: T) => string, startCursor: unknown, size: number, where: string): { page: T[]; nextCursor: string | null } {
  let start = 0;
  if (startCursor !== undefined && startCursor !== null && startCursor !== '') {
    const cursor = typeof startCursor === 'string' ? normalizeId(startCursor) : null;
    start = cursor ? items.findIndex((item) => idOf(item) === cursor) : -1;
    if (start < 0) {
      throw validationError(`${where.split('.')[0]} failed validation: ${where} should be a valid cursor, instead was \`${JSON.stringify(startCursor)}\`.`);
    }
  }
  const page = items.slice(start, start + size);
  const next = items[start + size];
  return { page, nextCursor: next === undefined ? null : idOf(next) };
}
