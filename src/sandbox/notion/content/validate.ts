import { bodyValidation, validationError } from '../core/errors';

/**
 * Request-body checks that produce Notion's `validation_error` messages
 * ("body failed validation: body.x should be …, instead was `…`.").
 */
export type Obj = Record<string, unknown>;

export const MAX_ARRAY = 100;
export const MAX_TEXT = 2000;
export const MAX_URL = 2000;
export const MAX_EQUATION = 1000;
export const MAX_BLOCKS_PER_PAYLOAD = 1000;
export const MAX_PAYLOAD_BYTES = 500 * 1024;
export const MAX_PAGE_SIZE = 100;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, path: string): Obj {
  if (!isObject(value)) throw bodyValidation(path, 'should be an object', value);
  return value;
}

export function requireArray(value: unknown, path: string, max = MAX_ARRAY): unknown[] {
  if (!Array.isArray(value)) throw bodyValidation(path, 'should be an array', value);
  if (value.length > max) throw bodyValidation(`${path}.length`, `should be ≤ \`${max}\``, value.length);
  return value;
}

export function requireString(value: unknown, path: string, maxLength?: number): string {
  if (typeof value !== 'string') throw bodyValidation(path, 'should be a string', value);
  if (maxLength !== undefined && value.length > maxLength) {
    throw bodyValidation(`${path}.length`, `should be ≤ \`${maxLength}\``, value.length);
  }
  return value;
}

export function requireBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw bodyValidation(path, 'should be a boolean', value);
  return value;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  return value === undefined ? undefined : requireBoolean(value, path);
}

export function pageSize(value: unknown, path: string): number {
  if (value === undefined || value === null || value === '') return MAX_PAGE_SIZE;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw bodyValidation(path, 'should be an integer', value);
  if (n < 1) throw bodyValidation(path, 'should be ≥ `1`', n);
  if (n > MAX_PAGE_SIZE) throw bodyValidation(path, `should be ≤ \`${MAX_PAGE_SIZE}\``, n);
  return n;
}

/** Counts block elements across one request, for Notion's 1000-blocks-per-payload limit. */
export class PayloadBudget {
  private blocks = 0;

  addBlock(): void {
    this.blocks += 1;
    if (this.blocks > MAX_BLOCKS_PER_PAYLOAD) {
      throw validationError(
        `body failed validation: the request contains more than ${MAX_BLOCKS_PER_PAYLOAD} block elements.`,
      );
    }
  }
}
