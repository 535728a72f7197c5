import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidationFailedError, type FieldError } from '../errors/domain-error';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A lone UTF-16 surrogate (not text, and some validators throw on it) or a NUL (PostgreSQL refuses it). */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const NOT_TEXT = /[\p{Cs}\u0000]/u;
const NOT_TEXT_MESSAGE = 'must be text without NUL characters or unpaired surrogates';

/** Every string of a parsed payload that is not storable text, by field path (keys included). */
export function fieldsWithInvalidText(value: unknown, prefix = '', depth = 0): FieldError[] {
  if (typeof value === 'string') return NOT_TEXT.test(value) ? [{ field: prefix || 'value', messages: [NOT_TEXT_MESSAGE] }] : [];
  if (value === null || typeof value !== 'object' || depth > 64) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const field = prefix ? `${prefix}.${key}` : key;
    if (NOT_TEXT.test(key)) return [{ field: 'key', messages: [NOT_TEXT_MESSAGE] }];
    return fieldsWithInvalidText(inner, field, depth + 1);
  });
}

/**
 * The global pipe: payloads that are not text are refused before any validator sees them; unknown fields
 * are refused, payloads become DTO instances, failures list each field.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const invalid = fieldsWithInvalidText(value);
      if (invalid.length > 0) throw new ValidationFailedError(invalid);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}
