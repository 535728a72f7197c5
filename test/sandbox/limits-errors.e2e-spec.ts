import { APIErrorCode, APIResponseError, BlockObjectRequest, Client, UnknownHTTPResponseError } from '@notionhq/client';
import { World, startWorld, text } from './support/sandbox-world';

async function failure(promise: Promise<unknown>): Promise<APIResponseError> {
  const error = await promise.then(
    () => new Error('expected a Notion error'),
    (e: unknown) => e,
  );
  if (!APIResponseError.isAPIResponseError(error)) throw error;
  return error;
}

const paragraph = (content = 'x'): BlockObjectRequest => ({ paragraph: { rich_text: text(content) } });

describe('Notion sandbox limits and errors', () => {
  let world: World;
  let notion: Client;
  let page: string;

  beforeAll(async () => {
    world = await startWorld();
    notion = world.client(world.internalA.token);
    page = (await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Limits') } } })).id;
  });

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  const raw = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${world.sandbox.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${world.internalA.token}`, 'notion-version': '2026-03-11', 'content-type': 'application/json', ...init.headers },
    });

  it.each([
    ['2000 characters per text content', () => notion.blocks.children.append({ block_id: page, children: [paragraph('a'.repeat(2001))] })],
    ['100 elements per children array', () => notion.blocks.children.append({ block_id: page, children: Array.from({ length: 101 }, () => paragraph()) })],
    ['100 elements per rich text array', () => notion.blocks.children.append({ block_id: page, children: [{ paragraph: { rich_text: Array.from({ length: 101 }, () => text('x')[0]) } }] })],
    [
      'two nesting levels per append',
      () =>
        notion.blocks.children.append({
          block_id: page,
          children: [{ toggle: { rich_text: text('1'), children: [{ toggle: { rich_text: text('2'), children: [{ toggle: { rich_text: text('3'), children: [paragraph('4')] } }] } }] } }] as never,
        }),
    ],
    [
      '1000 blocks per payload',
      () => notion.blocks.children.append({ block_id: page, children: Array.from({ length: 10 }, () => ({ toggle: { rich_text: text('t'), children: Array.from({ length: 100 }, () => paragraph()) } })) as never }),
    ],
    [
      '500 KB per payload',
      () => notion.blocks.children.append({ block_id: page, children: Array.from({ length: 100 }, () => ({ paragraph: { rich_text: [0, 1, 2].map(() => text('b'.repeat(2000))[0]) } })) }),
    ],
    ['page_size at most 100 (query string)', () => notion.blocks.children.list({ block_id: page, page_size: 101 })],
    ['page_size at most 100 (body)', () => notion.search({ page_size: 101 })],
    ['unknown property', () => notion.pages.update({ page_id: page, properties: { Nope: { rich_text: text('x') } } })],
    ['malformed id', () => notion.pages.retrieve({ page_id: 'not-a-uuid' })],
    ['unknown start_cursor', () => notion.blocks.children.list({ block_id: page, start_cursor: world.pageB })],
  ])('%s → 400 validation_error', async (_name, call) => {
    const error = await failure(call());
    expect(error).toMatchObject({ status: 400, code: APIErrorCode.ValidationError });
    expect(error.request_id).toEqual(expect.any(String));
  });

  it('keeps content unchanged when a request fails validation', async () => {
    const before = (await notion.blocks.children.list({ block_id: page })).results.length;
    await failure(notion.blocks.children.append({ block_id: page, children: [paragraph('ok'), paragraph('a'.repeat(2001))] }));
    expect((await notion.blocks.children.list({ block_id: page })).results).toHaveLength(before);
  });

  it('accepts exactly the limits', async () => {
    const ok = await notion.blocks.children.append({
      block_id: page,
      children: [{ toggle: { rich_text: text('a'.repeat(2000)), children: [{ toggle: { rich_text: text('2'), children: [paragraph('3')] } }] } }] as never,
    });
    expect(ok.results).toHaveLength(1);
    expect((await notion.blocks.children.list({ block_id: page, page_size: 100 })).results.length).toBeGreaterThan(0);
  });

  it('rejects the older names on 2026-03-11', async () => {
    expect(await failure(notion.pages.update({ page_id: page, archived: true }))).toMatchObject({ code: APIErrorCode.ValidationError });
    expect(await failure(notion.blocks.children.append({ block_id: page, children: [paragraph()], after: page }))).toMatchObject({ code: APIErrorCode.ValidationError });
  });

  it('refuses edits to a trashed page until it is restored', async () => {
    const trashed = await notion.pages.create({ parent: { page_id: page }, properties: { title: { title: text('Trash me') } } });
    await notion.pages.update({ page_id: trashed.id, in_trash: true });
    expect(await failure(notion.blocks.children.append({ block_id: trashed.id, children: [paragraph()] }))).toMatchObject({ code: APIErrorCode.ValidationError });
    await expect(notion.pages.update({ page_id: trashed.id, in_trash: false })).resolves.toMatchObject({ in_trash: false });
  });

  it('answers a bad or missing token with 401 unauthorized', async () => {
    expect(await failure(world.client('ntn_wrong').users.me({}))).toMatchObject({ status: 401, code: APIErrorCode.Unauthorized });
    const missing = await raw('/v1/users/me', { headers: { authorization: '' } });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ object: 'error', status: 401, code: 'unauthorized' });
  });

  it('answers a missing Notion-Version with 400 missing_version (the SDK reports it as unknown)', async () => {
    const response = await raw('/v1/users/me', { headers: { 'notion-version': '' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ object: 'error', status: 400, code: 'missing_version' });
    const unsupported = await raw('/v1/users/me', { headers: { 'notion-version': '2022-06-28' } });
    expect(await unsupported.json()).toMatchObject({ status: 400, code: 'validation_error' });
  });

  it('answers malformed JSON with 400 invalid_json and unknown paths with invalid_request_url', async () => {
    const response = await raw('/v1/pages', { method: 'POST', body: '{"parent": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_json' });
    const unknown = await raw('/v1/nothing-here');
    expect(await unknown.json()).toMatchObject({ status: 400, code: 'invalid_request_url' });
  });

  it('puts the request id and JSON content type on every answer', async () => {
    const ok = await raw('/v1/users/me');
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(ok.headers.get('x-notion-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await raw(`/v1/pages/${world.pageB}`);
    const body = (await bad.json()) as { request_id: string; message: string };
    expect(bad.status).toBe(404);
    expect(body.request_id).toBe(bad.headers.get('x-notion-request-id'));
    expect(body.message).toContain('Internal A');
  });

  it('accepts ids with or without dashes', async () => {
    const compact = world.pageA.replace(/-/g, '');
    await expect(notion.blocks.children.list({ block_id: compact })).resolves.toMatchObject({ object: 'list' });
    await expect(notion.pages.create({ parent: { page_id: compact }, properties: { title: { title: text('compact parent') } } })).resolves.toMatchObject({
      parent: { page_id: world.pageA },
    });
  });

  it('surfaces OAuth-only codes as UnknownHTTPResponseError in the SDK', async () => {
    const error = await world.client('').oauth.token({ client_id: 'x', client_secret: 'y', grant_type: 'refresh_token', refresh_token: 'z' }).catch((e: unknown) => e);
    expect(UnknownHTTPResponseError.isUnknownHTTPResponseError(error)).toBe(true);
  });
});
