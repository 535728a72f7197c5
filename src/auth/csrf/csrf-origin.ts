const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfCheckInput {
  method: string;
  hasSessionCookie: boolean;
  hasBearer: boolean;
  origin: string | undefined;
  referer: string | undefined;
  /** The browser's own Sec-Fetch-Site header (scripts cannot set it). */
  fetchSite?: string | undefined;
}

/**
 * Whether a request needs the origin check: a state-changing request that a browser could have sent on its
 * own, i.e. one carrying the session cookie and no bearer token (a page cannot add an Authorization header
 * cross-site without CORS, which we do not grant).
 */
export function needsOriginCheck(input: Pick<CsrfCheckInput, 'method' | 'hasSessionCookie' | 'hasBearer'>): boolean {
  return !SAFE_METHODS.has(input.method.toUpperCase()) && input.hasSessionCookie && !input.hasBearer;
}

/**
 * The request comes from `appOrigin`: by its Origin header, else by its Referer; neither means no.
 * Browsers send `Origin: null` for a same-origin POST from a page under `Referrer-Policy: no-referrer`
 * (helmet's default); then `Sec-Fetch-Site: same-origin`, which only the browser can set, vouches for it.
 */
export function comesFromOrigin(input: Pick<CsrfCheckInput, 'origin' | 'referer' | 'fetchSite'>, appOrigin: string): boolean {
  const expected = originOf(appOrigin);
  if (!expected) return false;
  if (input.origin !== undefined && input.origin !== 'null') return originOf(input.origin) === expected;
  if (input.fetchSite !== undefined) return input.fetchSite === 'same-origin';
  if (input.origin === 'null') return false;
  if (input.referer !== undefined) return originOf(input.referer) === expected;
  return false;
}

/** Allows the request unless it needs the origin check and fails it. */
export function passesCsrfCheck(input: CsrfCheckInput, appOrigin: string): boolean {
  return !needsOriginCheck(input) || comesFromOrigin(input, appOrigin);
}

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
