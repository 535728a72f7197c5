/** Key names whose values are secrets wherever they appear in a log line. */
const SECRET_KEY = /token|secret|password|passwd|key|authorization|cookie|credential|session/i;
/** Query parameters that carry secrets (OAuth codes and state included). */
const SECRET_QUERY = /token|secret|password|key|code|state|session|auth/i;

export const REDACTED = '[Redacted]';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns a copy of a plain value with every secret-named field replaced. Non-plain objects (errors,
 * sockets, requests) are passed through untouched: their serializers decide what they print.
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && inner !== null && inner !== undefined) {
      out[key] = REDACTED;
    } else if ((key === 'url' || key === 'location') && typeof inner === 'string') {
      // A redirect's Location can carry an OAuth state or code just like a request URL.
      out[key] = redactUrl(inner);
    } else {
      out[key] = redactSecrets(inner, depth + 1);
    }
  }
  return out as T;
}

/** Replaces the values of secret query parameters in a path or URL. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const name of [...new Set(params.keys())]) {
    if (SECRET_QUERY.test(name)) {
      params.set(name, REDACTED);
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}

/**
 * Fields of database errors that carry row values: the bound parameters of the failed query (a password
 * hash, an email...) and PostgreSQL's `detail` ("Failing row contains (...)", "Key (...)=(...)").
 */
const ROW_VALUE_KEY = /^(parameters|detail)$/;

/**
 * Makes a serialised error safe to log: every nested error (a cause, a driver error, an error inside a
 * plain field) becomes plain data too, row values are dropped, and secret-named fields are redacted.
 */
export function redactError(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactError(item, depth + 1));
  const out: Record<string, unknown> = {};
  const source = value instanceof Error ? { ...value, type: value.name, message: value.message, stack: value.stack } : value;
  for (const [key, inner] of Object.entries(source)) {
    if (ROW_VALUE_KEY.test(key)) continue;
    out[key] = SECRET_KEY.test(key) && inner !== null && inner !== undefined ? REDACTED : redactError(inner, depth + 1);
  }
  if (value instanceof Error && value.cause !== undefined && out.cause === undefined) out.cause = redactError(value.cause, depth + 1);
  return out;
}
