import { DataSource } from 'typeorm';
import type { ContentTreeNode } from '../../src/sandbox/notion';
import { MARKDOWN_NESTING_MAX } from '../../src/notion/markdown/markdown-parser';
import { NoteSyncWorker } from '../../src/notes/sync/note-sync.worker';
import type { TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { nestedNote, wordsOf } from '../notion/markdown/markdown-notes';
import { FAST_SYNC_ENV, connectedPerson, postNote, untilSyncStatus, type ConnectedPerson } from './support/notes-world';

jest.setTimeout(120_000);

function pageWords(nodes: ContentTreeNode[]): string[] {
  return nodes.flatMap((node) => [...wordsOf(node.text), ...pageWords(node.children)]);
}

function pageDepth(nodes: ContentTreeNode[]): number {
  return nodes.reduce((max, node) => Math.max(max, 1 + pageDepth(node.children)), 0);
}

/** Deeply nested notes reach the sandbox's page with every word; nesting past the limit is refused up front. */
describe('deeply nested notes', () => {
  let world: OAuthWorld;
  let t: TestApp;
  let person: ConnectedPerson;

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '0' });
    person = await connectedPerson(t, world, 'deep');
  });

  afterAll(async () => {
    await t?.app.get(NoteSyncWorker).stop();
    await world?.close();
  });

  it.each(['list', 'quote', 'mixed'] as const)('50 nested levels (%s) reach the Notion page with all their words', async (kind) => {
    const { markdown, words } = nestedNote(50, kind);
    const res = await postNote(t, person, { title: `Deep ${kind}`, content: markdown, enhance: false });
    expect(res.status).toBe(202);
    const note = await untilSyncStatus(t, person, res.body.id, 'synced', 60_000);
    const page = world.sandbox.control.pageContent(note.notion.pageId);
    expect(pageWords(page.blocks)).toEqual(words);
    // Flattened at the deepest level kept, not cut off.
    expect(pageDepth(page.blocks)).toBe(20);
  });

  it('refuses a note nested past the limit with 400 CONTENT_NESTING_TOO_DEEP, on create and on update, storing nothing', async () => {
    const { markdown } = nestedNote(2 * MARKDOWN_NESTING_MAX + 10, 'list');
    const [{ n: before }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM notes WHERE user_id = $1`, [person.userId]);
    const created = await postNote(t, person, { title: 'Too deep', content: markdown, enhance: false });
    expect(created.status).toBe(400);
    expect(created.body.code).toBe('CONTENT_NESTING_TOO_DEEP');
    expect(created.body.message).toContain(`${MARKDOWN_NESTING_MAX} levels`);
    const [{ n: after }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM notes WHERE user_id = $1`, [person.userId]);
    expect(after).toBe(before);

    const plain = await postNote(t, person, { title: 'Shallow', content: 'Just a line', enhance: false });
    const updated = await t.http().patch(`/notes/${plain.body.id}`).set(...bearer(person.token)).send({ content: markdown });
    expect([updated.status, updated.body.code]).toEqual([400, 'CONTENT_NESTING_TOO_DEEP']);
    const read = await t.http().get(`/notes/${plain.body.id}`).set(...bearer(person.token));
    expect(read.body.content).toBe('Just a line');
  });

  it('a stored note nested past the limit fails its sync for good with the reason, and its page keeps its content', async () => {
    const res = await postNote(t, person, { title: 'Stored earlier', content: 'Words already in Notion', enhance: false });
    const synced = await untilSyncStatus(t, person, res.body.id, 'synced');
    const before = world.sandbox.control.pageContent(synced.notion.pageId).blocks;
    // As if written before the limit existed: the row changes without the API's check.
    const { markdown } = nestedNote(2 * MARKDOWN_NESTING_MAX + 10, 'quote');
    await t.app
      .get(DataSource)
      .query(`UPDATE notes SET content = $2, content_version = content_version + 1, version = version + 1 WHERE id = $1`, [res.body.id, markdown]);
    expect((await t.http().post(`/notes/${res.body.id}/sync`).set(...bearer(person.token))).status).toBeLessThan(300);

    const failed = await untilSyncStatus(t, person, res.body.id, 'failed');
    expect(failed.sync.lastError).toMatch(/^CONTENT_NESTING_TOO_DEEP/);
    expect(failed.sync.attempts).toBe(1);
    expect(world.sandbox.control.pageContent(synced.notion.pageId).blocks).toEqual(before);
  });
});
