import { loadConfig } from '../../src/core/config/app-config';
import { comesFromOrigin, needsOriginCheck, passesCsrfCheck } from '../../src/auth/csrf/csrf-origin';
import { SESSION_COOKIE, readBearer, readCookie, sessionCookieOptions } from '../../src/auth/sessions/session-cookie';
import {
  generateSessionId,
  generateSessionToken,
  hashSessionToken,
  looksLikeSessionToken,
} from '../../src/auth/sessions/session-token';

describe('session tokens', () => {
  it('are 256 random bits in base64url, all different', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateSessionToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) {
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(looksLikeSessionToken(token)).toBe(true);
    }
  });

  it('are stored as their SHA-256 in hex', () => {
    // echo -n abc | sha256sum
    expect(hashSessionToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = generateSessionToken();
    expect(hashSessionToken(token)).toBe(hashSessionToken(token));
    expect(hashSessionToken(token)).not.toContain(token);
  });

  it('have public ids unrelated to them', () => {
    const id = generateSessionId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(looksLikeSessionToken(id)).toBe(false);
  });

  it('refuse garbage before any store lookup', () => {
    for (const value of ['', 'short', 'A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}=`, `${'A'.repeat(42)}/`]) {
      expect(looksLikeSessionToken(value)).toBe(false);
    }
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, site-wide, and Secure only when configured', () => {
    const plain = sessionCookieOptions(loadConfig({}));
    expect(plain).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: false });
    const expires = new Date('2030-01-01T00:00:00Z');
    expect(sessionCookieOptions(loadConfig({ COOKIE_SECURE: 'true' }), expires)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: true,
      expires,
    });
    expect(SESSION_COOKIE).toBe('pa_session');
  });

  it('is read from a Cookie header among others', () => {
    expect(readCookie('a=1; pa_session=tok%2Dx; b=2', 'pa_session')).toBe('tok-x');
    expect(readCookie('pa_session="quoted"', 'pa_session')).toBe('quoted');
    expect(readCookie('xpa_session=1; pa_sessionx=2', 'pa_session')).toBeUndefined();
    expect(readCookie(undefined, 'pa_session')).toBeUndefined();
    expect(readCookie('pa_session=%E0%A4%A', 'pa_session')).toBeUndefined();
  });

  it('bearer tokens are read from the Authorization header only with the Bearer scheme', () => {
    expect(readBearer('Bearer abc')).toBe('abc');
    expect(readBearer('bearer   abc ')).toBe('abc');
    expect(readBearer('Basic abc')).toBeUndefined();
    expect(readBearer('Bearer')).toBeUndefined();
    expect(readBearer('Bearer a b')).toBeUndefined();
    expect(readBearer(undefined)).toBeUndefined();
  });
});

describe('the CSRF origin check', () => {
  const app = 'https://app.example.test';

  it('applies to unsafe methods that carry the cookie and no bearer token', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post']) {
      expect(needsOriginCheck({ method, hasSessionCookie: true, hasBearer: false })).toBe(true);
    }
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(needsOriginCheck({ method, hasSessionCookie: true, hasBearer: false })).toBe(false);
    }
    expect(needsOriginCheck({ method: 'POST', hasSessionCookie: true, hasBearer: true })).toBe(false);
    expect(needsOriginCheck({ method: 'POST', hasSessionCookie: false, hasBearer: false })).toBe(false);
  });

  it('matches the exact origin from Origin, else from Referer, and refuses when both are missing', () => {
    expect(comesFromOrigin({ origin: app, referer: undefined }, app)).toBe(true);
    expect(comesFromOrigin({ origin: `${app}/`, referer: undefined }, `${app}/some/path`)).toBe(true);
    expect(comesFromOrigin({ origin: undefined, referer: `${app}/settings?x=1` }, app)).toBe(true);
    // Origin wins over Referer when both are present.
    expect(comesFromOrigin({ origin: 'https://evil.example', referer: `${app}/` }, app)).toBe(false);
    for (const origin of ['null', 'http://app.example.test', 'https://app.example.test:444', 'https://app.example.test.evil', 'not a url']) {
      expect(comesFromOrigin({ origin, referer: undefined }, app)).toBe(false);
    }
    expect(comesFromOrigin({ origin: undefined, referer: undefined }, app)).toBe(false);
    expect(comesFromOrigin({ origin: 'http://localhost:3000', referer: undefined }, 'http://localhost:3000')).toBe(true);
  });

  it('accepts Origin: null only when the browser itself says the request is same-origin', () => {
    expect(comesFromOrigin({ origin: 'null', referer: undefined, fetchSite: 'same-origin' }, app)).toBe(true);
    for (const fetchSite of ['cross-site', 'same-site', 'none', undefined]) {
      expect(comesFromOrigin({ origin: 'null', referer: `${app}/`, fetchSite }, app)).toBe(false);
    }
    // A real Origin always decides, whatever Sec-Fetch-Site claims.
    expect(comesFromOrigin({ origin: 'https://evil.example', referer: undefined, fetchSite: 'same-origin' }, app)).toBe(false);
    expect(comesFromOrigin({ origin: undefined, referer: 'https://evil.example/', fetchSite: 'cross-site' }, app)).toBe(false);
  });

  it('passes everything that does not need it', () => {
    const base = { origin: 'https://evil.example', referer: undefined };
    expect(passesCsrfCheck({ ...base, method: 'GET', hasSessionCookie: true, hasBearer: false }, app)).toBe(true);
    expect(passesCsrfCheck({ ...base, method: 'POST', hasSessionCookie: true, hasBearer: true }, app)).toBe(true);
    expect(passesCsrfCheck({ ...base, method: 'POST', hasSessionCookie: true, hasBearer: false }, app)).toBe(false);
  });
});
