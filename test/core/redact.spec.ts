import { REDACTED, redactSecrets, redactUrl } from '../../src/core/logging/redact';

describe('redactSecrets', () => {
  it('redacts every field whose name says secret, at any depth', () => {
    const out = redactSecrets({
      headers: { authorization: 'Bearer abc', cookie: 'sid=1', accept: 'json' },
      user: { id: 'u1', password: 'pw', apiKey: 'k', nested: [{ refresh_token: 'r', clientSecret: 's' }] },
    });
    expect(out).toEqual({
      headers: { authorization: REDACTED, cookie: REDACTED, accept: 'json' },
      user: { id: 'u1', password: REDACTED, apiKey: REDACTED, nested: [{ refresh_token: REDACTED, clientSecret: REDACTED }] },
    });
  });

  it('redacts secret query parameters in urls', () => {
    expect(redactUrl('/oauth/callback?code=abc&state=xyz&page=2')).toBe(
      `/oauth/callback?code=${encodeURIComponent(REDACTED)}&state=${encodeURIComponent(REDACTED)}&page=2`,
    );
    expect(redactUrl('/plain/path')).toBe('/plain/path');
  });
});
