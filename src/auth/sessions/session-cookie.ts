import type { CookieOptions } from 'express';
import type { AppConfig } from '../../core/config/app-config';

/** Also declared in the OpenAPI document's cookie scheme. */
export const SESSION_COOKIE = 'pa_session';

/**
 * The session cookie: invisible to scripts, sent on top-level navigations from other sites but not on their
 * sub-requests or POSTs (Lax), for the whole site, over TLS only when COOKIE_SECURE is on. It expires with
 * the session's absolute timeout; the idle timeout is enforced by the server.
 */
export function sessionCookieOptions(config: AppConfig, expiresAt?: Date): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: config.session.cookieSecure,
    ...(expiresAt ? { expires: expiresAt } : {}),
  };
}

/** Reads one cookie from a Cookie header; undefined when absent or malformed. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function readBearer(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
