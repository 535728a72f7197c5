import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface HostileRequest {
  name: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const json = (body: string | Buffer, headers: Record<string, string> = {}): Omit<HostileRequest, 'name'> => ({
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
const everyField = (value: unknown) => JSON.stringify({ email: value, password: value, name: value, id: value });

/** Bodies and headers seen to break services like this one, and their relatives. */
export const CORPUS: HostileRequest[] = [
  { name: '1,500 nested arrays', ...json(`${'['.repeat(1500)}${']'.repeat(1500)}`) },
  { name: '5,000 nested objects', ...json(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) },
  { name: '500 KB of nesting', ...json(`${'['.repeat(250_000)}${']'.repeat(250_000)}`) },
  { name: 'unclosed nesting', ...json('['.repeat(100_000)) },
  { name: 'a lone high surrogate everywhere', ...json(everyField('\\ud800')) },
  { name: 'a lone low surrogate everywhere', ...json(everyField('x\\udfffx')) },
  { name: 'NUL everywhere', ...json(everyField('a\\u0000b@example.test')) },
  { name: 'raw control bytes', ...json(Buffer.from('{"email":"\u0001\u0002","password":"\u001b[31m","name":"\u0007"}')) },
  { name: 'invalid UTF-8 bytes', ...json(Buffer.from([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d])) },
  { name: 'wrong types', ...json(JSON.stringify({ email: 123, password: [], name: {}, id: true })) },
  { name: 'numbers out of range', ...json('{"email":1e999,"password":-1e999,"name":123456789012345678901234567890}') },
  { name: 'null', ...json('null') },
  { name: 'a bare string', ...json('"text"') },
  { name: 'a bare number', ...json('42') },
  { name: 'an array', ...json('[{"email":"a@b.co"}]') },
  { name: 'an empty body', ...json('') },
  { name: 'truncated JSON', ...json('{"email": "a@b.co", "password": ') },
  { name: 'prototype pollution', ...json('{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}') },
  { name: 'duplicate keys', ...json('{"email":"a@b.co","email":{"$gt":""},"password":"x","password":null}') },
  { name: 'operator injection', ...json(JSON.stringify({ email: { $ne: null }, password: { $gt: '' }, name: "'; DROP TABLE users; --" })) },
  { name: 'very long strings', ...json(everyField(`${'a'.repeat(300_000)}@example.test`)) },
  { name: 'bidi and zero-width characters', ...json(everyField('\u202eadmin\u200b@example.test\u2066')) },
  { name: 'a body over the limit', ...json(`{"name":"${'x'.repeat(2 * 1024 * 1024)}"}`) },
  { name: 'charset koi8-r', ...json('{}', { 'content-type': 'application/json; charset=koi8-r' }) },
  { name: 'charset utf-16', ...json(Buffer.from('{"email":"a@b.co"}', 'utf16le'), { 'content-type': 'application/json; charset=utf-16' }) },
  { name: 'an unknown charset', ...json('{}', { 'content-type': 'application/json; charset="; DROP' }) },
  { name: 'gzip that is not gzip', ...json('{"email":"a@b.co"}', { 'content-encoding': 'gzip' }) },
  { name: 'deflate that is not deflate', ...json('{"email":"a@b.co"}', { 'content-encoding': 'deflate' }) },
  { name: 'brotli that is not brotli', ...json('{"email":"a@b.co"}', { 'content-encoding': 'br' }) },
  { name: 'an unknown Content-Encoding', ...json('{}', { 'content-encoding': 'x-bogus, gzip' }) },
  { name: 'a gzip bomb of nesting', ...json(gzipSync(`${'['.repeat(500_000)}${']'.repeat(500_000)}`), { 'content-encoding': 'gzip' }) },
  { name: 'text/plain', headers: { 'content-type': 'text/plain' }, body: '{"email":"a@b.co"}' },
  { name: 'a form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b.co&password=x&__proto__[admin]=1' },
  { name: 'broken multipart', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n' },
  { name: 'a malformed Content-Type', headers: { 'content-type': 'application/json;;;charset' }, body: '{}' },
  { name: 'a garbage cookie', headers: { cookie: 'pa_session=%E0%A4%A; pa_session=x' } },
  { name: 'a cookie and Origin: null', headers: { cookie: 'pa_session=AAAA', origin: 'null' } },
  { name: 'a garbage bearer', headers: { authorization: `Bearer ${'A'.repeat(4000)}` } },
  { name: 'a garbage Authorization', headers: { authorization: 'Bearer a b c; Basic ===' } },
  { name: 'forged forwarding headers', headers: { 'x-forwarded-for': 'not-an-ip, ::ffff:999.1.1.1', 'x-forwarded-proto': 'gopher' } },
  { name: 'a hostile request id', headers: { 'x-request-id': `${'x'.repeat(1000)}\u00ff` } },
];

/** Values for a path parameter that is meant to be a UUID. */
export const PATH_VALUES = ['not-a-uuid', '%00', '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(3000), '%E0%A4%A', '%F0%9F%92%A9', '00000000-0000-4000-8000-000000000000'];

export interface Operation {
  method: string;
  path: string;
}

export function documentedOperations(): Operation[] {
  const document = JSON.parse(readFileSync(path.resolve(__dirname, '../../../openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(document.paths).flatMap(([route, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path: route })),
  );
}

export const withParams = (route: string, value: string) => route.replace(/\{[^}]+\}/g, value);

/**
 * Sends one hostile request; returns the status, 0 when the server cut a connection whose body it refused
 * (an answer, not a 5xx), or 599 when no answer came within `timeoutMs`.
 */
export async function sendHostile(
  base: string,
  operation: Operation,
  url: string,
  request: HostileRequest,
  token?: string,
  timeoutMs = 60_000,
): Promise<number> {
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if (token && !headers.authorization) headers.authorization = `Bearer ${token}`;
  const hasBody = request.body !== undefined && operation.method !== 'GET' && operation.method !== 'HEAD';
  try {
    const res = await fetch(`${base}${url}`, {
      method: operation.method,
      headers,
      body: hasBody ? request.body : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return res.status;
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET') return 0;
    // A request that never answers is a failure of its own kind, reported like a 5xx.
    if ((error as { name?: string }).name === 'TimeoutError') return 599;
    throw error;
  }
}
