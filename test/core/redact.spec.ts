import { REDACTED, redactError, redactSecrets, redactUrl } from '../../src/core/logging/redact';

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

describe('redactError', () => {
  it('drops bound parameters and row details at any depth, and redacts secret-named fields of errors', () => {
    const driverError = Object.assign(new Error('null value in column "email"'), {
      detail: 'Failing row contains (1, null, $argon2id$v=19$secret-hash).',
      code: '23502',
    });
    const queryFailed = Object.assign(new Error('null value in column "email"'), {
      query: 'INSERT INTO users VALUES ($1, $2)',
      parameters: ['ada@example.com', '$argon2id$v=19$secret-hash'],
      driverError,
    });
    const wrapped = Object.assign(new Error('Email taken', { cause: queryFailed }), {
      options: { cause: queryFailed, apiKey: 'sk-live-123' },
    });
    const text = JSON.stringify(redactError(wrapped));
    expect(text).toContain('INSERT INTO users VALUES ($1, $2)');
    expect(text).toContain('23502');
    expect(text).not.toContain('secret-hash');
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain('sk-live-123');
  });
});
