/** Key names whose values are secrets wherever they appear in a log line. */
const SECRET_KEY = /token|secret|password|passwd|key|authorization|cookie|credential|session|ticket/i;
/**
 * Names of request parameters (query string, route params, form fields, `name=value` pairs in any text)
 * whose values are secrets: OAuth codes and states, consent tickets, and anything named for a token, key,
 * secret, password, code or ticket. Wider than SECRET_KEY: a log field named `code` is an error code, a
 * query parameter named `code` is an OAuth authorization code.
 */
const SECRET_PARAM = /token|secret|passw(?:or)?d|key|code|state|ticket|session|auth|credential/i;
/** `name=value` in free text (a URL inside an error message, a Referer header, a form body). */
const SECRET_PAIR = /([A-Za-z0-9_.[\]-]*)=([^&\s"'<>#;,]*)/g;
/** Fields holding request parameters by name: their keys are judged as parameters. */
const PARAM_CONTAINER = /^(query|params|searchParams|form)$/;

export const REDACTED = '[Redacted]';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  // Realm-agnostic: Node's own objects (request headers) come from another realm than code run in a VM
  // (Jest), so their prototype is *an* Object.prototype, recognised by having none above it.
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Returns a copy of a plain value with every secret-named field replaced, request parameters judged by
 * their names, and `name=value` secrets inside strings replaced. Non-plain objects (errors, sockets,
 * requests) are passed through untouched: their serializers decide what they print.
 */
export function redactSecrets<T>(value: T, depth = 0, secretName: RegExp = SECRET_KEY): T {
  if (depth > 8) return value;
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (secretName.test(key) && inner !== null && inner !== undefined) {
      out[key] = REDACTED;
    } else if (typeof inner === 'string' && /^(url|location|referr?er)$/i.test(key)) {
      // A redirect's Location or a Referer can carry an OAuth state, code or ticket just like a request URL.
      out[key] = redactText(redactUrl(inner));
    } else {
      out[key] = redactSecrets(inner, depth + 1, PARAM_CONTAINER.test(key) ? SECRET_PARAM : SECRET_KEY);
    }
  }
  return out as T;
}

/** Replaces the values of secret query parameters in a path or URL. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const params = new URLSearchParams(query);
  let changed = false;
  for (const name of [...new Set(params.keys())]) {
    if (SECRET_PARAM.test(name)) {
      params.set(name, REDACTED);
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}${hash < 0 ? '' : url.slice(hash)}` : url;
}

/** Replaces the value of every secret-named `name=value` pair in free text (messages, stacks, headers). */
export function redactText(text: string): string {
  if (!text.includes('=')) return text;
  return text.replace(SECRET_PAIR, (pair, name: string, inner: string) =>
    inner && inner !== REDACTED && SECRET_PARAM.test(safeDecode(name)) ? `${name}=${REDACTED}` : pair,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
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
  if (typeof value === 'string') return redactText(value);
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
