import { LogCapture, bootApp, type TestApp } from '../support/app';
import { ProbeModule } from '../support/probe.module';

describe('HTTP foundation (errors, validation, limits, request ids, logging)', () => {
  let t: TestApp;
  const logs = new LogCapture();

  beforeAll(async () => {
    t = await bootApp({ imports: [ProbeModule], logs, env: { LOG_LEVEL: 'info', BODY_LIMIT: '2kb' } });
  });
  afterAll(() => t.close());

  it('answers malformed JSON with 400 MALFORMED_JSON in the error shape', async () => {
    const res = await t.http().post('/__probe/echo').set('content-type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'MALFORMED_JSON',
      message: expect.any(String),
      requestId: res.headers['x-request-id'],
    });
  });

  it('answers an unknown route with 404 NOT_FOUND in the same shape', async () => {
    const res = await t.http().get('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', requestId: res.headers['x-request-id'] });
  });

  it('lists every invalid field with 400 VALIDATION_FAILED, and refuses unknown fields', async () => {
    const res = await t.http().post('/__probe/echo').send({ email: 'nope', count: 99, note: 'x', extra: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['count', 'email', 'extra']);
  });

  it('accepts a valid body and transforms it', async () => {
    const res = await t.http().post('/__probe/echo').send({ email: 'a@b.co', count: 3, note: 'ok' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ email: 'a@b.co', count: 3, note: 'ok' });
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.http().post('/__probe/echo').send({ email: 'a@b.co', count: 1, note: 'x'.repeat(4096) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('hides internals of an unexpected error behind a 500 with the request id, and logs the stack', async () => {
    const res = await t.http().get('/__probe/boom').set('x-request-id', 'probe-boom-1');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal error.', requestId: 'probe-boom-1' });
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|secret\.ts|stack/);
    const line = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === 'probe-boom-1');
    expect(line).toBeDefined();
    expect(JSON.stringify(line)).toContain('secret.ts:42');
  });

  it('echoes a sane x-request-id and replaces an insane one', async () => {
    const sane = await t.http().get('/health/live').set('x-request-id', 'abc-123.def');
    expect(sane.headers['x-request-id']).toBe('abc-123.def');
    const insane = await t.http().get('/health/live').set('x-request-id', 'bad id with spaces <script>');
    expect(insane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs the bearer token or the cookie of a request', async () => {
    await t
      .http()
      .get('/no/such/route?token=querysecret123')
      .set('x-request-id', 'probe-secrets-1')
      .set('Authorization', 'Bearer abc123')
      .set('Cookie', 'pa_session=cookiesecret456; other=cookievalue789');
    const lines = logs.lines.filter((l) => l.includes('probe-secrets-1'));
    expect(lines.length).toBeGreaterThan(0);
    expect(logs.text).not.toContain('abc123');
    expect(logs.text).not.toContain('cookiesecret456');
    expect(logs.text).not.toContain('cookievalue789');
    expect(logs.text).not.toContain('querysecret123');
  });

  it('sets security headers', async () => {
    const res = await t.http().get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
