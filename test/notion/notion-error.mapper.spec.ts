import { parseRetryAfter, sanitizeNotionMessage } from '../../src/notion/notion-error.mapper';

describe('Notion error mapping helpers', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-11T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Wed, 11 Mar 2026 10:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 11 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('keeps Notion’s explanation but not tokens, line breaks or unbounded length', () => {
    const message = sanitizeNotionMessage(`body.children[0] is bad\nfor ntn_abc123XYZ and secret_s3cr3t, Bearer nrt_zzz ${'x'.repeat(400)}`);
    expect(message).toContain('body.children[0] is bad');
    expect(message).not.toMatch(/ntn_abc|s3cr3t|nrt_zzz|\n/);
    expect(message.length).toBeLessThanOrEqual(301);
  });
});
