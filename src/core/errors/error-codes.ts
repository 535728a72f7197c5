/**
 * Every error code the API can answer with, and the HTTP status it maps to. Codes are part of the public
 * contract: clients branch on them, so a code is never renamed once released.
 *
 * Core holds the generic codes below; each feature keeps its own, with their statuses, in its errors file
 * (e.g. `OAUTH_ERROR_STATUS` in src/oauth/oauth.errors.ts). Core may import no feature (the lint
 * boundaries), and the map is read as early as a controller's `@ApiErrors(...)` is evaluated, so the
 * features bring their codes here rather than a composition root collecting them later:
 * - for the compiler, the errors file declares its map in `ErrorStatusMaps` (`declare module`), so
 *   `ErrorCode`, and thus DomainError's `code`, is checked against every feature's codes;
 * - at run time, it passes the same map to `registerErrorStatus` as it loads, which is before any of its
 *   errors can be thrown or documented.
 */
export const CORE_ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  // Raised by auth's session guard, but documented on every feature's state-changing routes (the guard is global).
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

/** Each feature's code map by the feature's name. A feature adds its own entry with `declare module`. */
export interface ErrorStatusMaps {
  core: typeof CORE_ERROR_STATUS;
}

type Feature = keyof ErrorStatusMaps;

export type ErrorCode = { [F in Feature]: keyof ErrorStatusMaps[F] & string }[Feature];

type StatusOf<C extends ErrorCode> = { [F in Feature]: C extends keyof ErrorStatusMaps[F] ? ErrorStatusMaps[F][C] : never }[Feature];

/** A code that two features both define: must be none. */
type DuplicateCode = {
  [F in Feature]: { [G in Exclude<Feature, F>]: keyof ErrorStatusMaps[F] & keyof ErrorStatusMaps[G] }[Exclude<Feature, F>];
}[Feature];
/** Fails to compile, naming the code ("'X' does not satisfy the constraint 'never'"), when two features define one. */
type NoCodeTwice<Code extends never> = Code;
type _NoDuplicateCode = NoCodeTwice<DuplicateCode>;

const registered: Record<string, number> = { ...CORE_ERROR_STATUS };

/** The codes of core and of every feature loaded so far (all of them once the app module is). */
export const ERROR_STATUS = registered as { readonly [C in ErrorCode]: StatusOf<C> };

/**
 * Adds a feature's codes at run time; its errors file calls it with the map it declares in ErrorStatusMaps.
 * Loading the same map twice is harmless; a code given two statuses is refused.
 */
export function registerErrorStatus<const Map extends Record<string, number>>(map: Map): Map {
  for (const [code, status] of Object.entries(map)) {
    if (registered[code] !== undefined && registered[code] !== status) {
      throw new Error(`Error code ${code} is registered with status ${registered[code]} and again with ${status}.`);
    }
    registered[code] = status;
  }
  return map;
}

export function statusForCode(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** Maps a bare HTTP status (from Nest or a library) to our generic code for it. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  }
}
