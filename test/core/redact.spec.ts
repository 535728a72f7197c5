import { runInNewContext } from 'node:vm';
import { REDACTED, redactError, redactSecrets, redactText, redactUrl } from '../../src/core/logging/redact';

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

describe('request parameters and free text', () => {
  it('redacts OAuth codes, states, consent tickets and any token/key/secret/password/code/ticket parameter', () => {
    const url = '/cb?code=c1&state=s1&sandbox_ticket=t1&client_secret=x&api_key=k&resetCode=r&page=2#frag';
    const out = new URL(redactUrl(url), 'http://h');
    for (const name of ['code', 'state', 'sandbox_ticket', 'client_secret', 'api_key', 'resetCode']) {
      expect(out.searchParams.get(name)).toBe(REDACTED);
    }
    expect(out.searchParams.get('page')).toBe('2');
    expect(out.hash).toBe('#frag');
  });

  it('judges the keys of query and params objects as parameters, other fields by the narrower secret names', () => {
    expect(redactSecrets({ query: { code: 'c1', state: 's1', ticket: 't1', q: 'notes' }, code: 'VALIDATION_FAILED' })).toEqual({
      query: { code: REDACTED, state: REDACTED, ticket: REDACTED, q: 'notes' },
      code: 'VALIDATION_FAILED',
    });
  });

  it('redacts secret name=value pairs inside messages, headers and stacks', () => {
    expect(redactText('request to http://n/v1/oauth/authorize?state=s1&sandbox_ticket=t1&owner=user failed')).toBe(
      `request to http://n/v1/oauth/authorize?state=${REDACTED}&sandbox_ticket=${REDACTED}&owner=user failed`,
    );
    expect(redactText('grant_type=authorization_code code=abc; charset=utf-8')).toBe(`grant_type=authorization_code code=${REDACTED}; charset=utf-8`);
    expect(redactSecrets({ headers: { referer: 'http://n/x?code=abc', location: '/app?notice=connected' } })).toEqual({
      headers: { referer: `http://n/x?code=${REDACTED}`, location: '/app?notice=connected' },
    });
    const error = redactError(new Error('fetch http://n/cb?code=abc failed')) as { message: string; stack: string };
    expect(error.message).toBe(`fetch http://n/cb?code=${REDACTED} failed`);
    expect(error.stack).not.toContain('abc');
  });

  it("walks plain objects made in another realm (Node's request headers seen from a VM)", () => {
    const foreign = runInNewContext('({ headers: { authorization: "Bearer abc", referer: "http://n/?state=s1" } })') as object;
    expect(JSON.stringify(redactSecrets(foreign))).not.toMatch(/abc|s1/);
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
