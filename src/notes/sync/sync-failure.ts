import { DomainError } from '../../core/errors/domain-error';

export type FailureKind = 'reauth' | 'workspace' | 'transient' | 'permanent';

const REAUTH = new Set(['NOTION_REAUTH_REQUIRED', 'NOTION_NOT_CONNECTED']);
/** The person's root page or Table of Contents is in the trash or gone: parked until they choose. */
const WORKSPACE = new Set(['NOTION_WORKSPACE_TRASHED']);
const PERMANENT = new Set(['CONTENT_NESTING_TOO_DEEP', 'NOTION_VALIDATION_FAILED', 'NOTION_ACCESS_DENIED', 'NOTION_OBJECT_NOT_FOUND', 'NOT_FOUND']);

/**
 * How a failed sync attempt is treated: reauthorisation parks the note until the integration works again,
 * and a workspace in the trash parks it until the person restores it or starts a new one (the note stays
 * `pending`: nothing is wrong with it); what Notion refused for good fails it; everything else (Notion unavailable or rate limited, timeouts,
 * resets, the database) is retried with back-off.
 */
export function classifySyncFailure(error: unknown): { kind: FailureKind; reason: string } {
  if (error instanceof DomainError) {
    const kind: FailureKind = REAUTH.has(error.code)
      ? 'reauth'
      : WORKSPACE.has(error.code)
        ? 'workspace'
        : PERMANENT.has(error.code)
          ? 'permanent'
          : 'transient';
    return { kind, reason: sanitise(`${error.code}: ${error.message}`) };
  }
  return { kind: 'transient', reason: 'INTERNAL: unexpected error while syncing (see the server log)' };
}

/** One line, at most 300 characters, nothing that looks like a token. */
function sanitise(text: string): string {
  return text
    .replace(/\b(secret|ntn|Bearer)[_\s-]*[A-Za-z0-9._-]{8,}/gi, '[redacted]')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
}

/** Exponential from `baseMs`, doubling per attempt, with jitter, capped at an hour. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  const ceiling = Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
