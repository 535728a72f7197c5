import { DataSource } from 'typeorm';
import type { JsonObject } from '../../../src/sandbox/notion/store/model';
import type { TestApp } from '../../support/app';
import { bearer } from '../../support/auth';
import { connectWorkspace, newPerson, type OAuthWorld, type Person } from '../../oauth/support/oauth-world';

/** Fast sync settings for tests: short polls and back-off, no real waiting. */
export const FAST_SYNC_ENV = {
  NOTES_SYNC_POLL_MS: '25',
  NOTES_SYNC_RETRY_BASE_MS: '10',
  NOTES_REAUTH_SWEEP_MS: '100',
  NOTES_SYNC_WAIT_MS: '3000',
  NOTION_RETRY_BASE_DELAY_MS: '5',
};

export interface ConnectedPerson extends Person {
  integrationId: string;
}

export async function connectedPerson(t: TestApp, world: OAuthWorld, label: string): Promise<ConnectedPerson> {
  const person = await newPerson(t, world, label);
  const integrationId = await connectWorkspace(t, world, person);
  return { ...person, integrationId };
}

export function postNote(t: TestApp, user: Person, body: object) {
  return t.http().post('/notes').set(...bearer(user.token)).send(body);
}

/** Polls GET /notes/:id until the sync status is `status`. */
export async function untilSyncStatus(t: TestApp, user: Person, id: string, status: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http().get(`/notes/${id}`).set(...bearer(user.token));
    if (res.status === 200 && res.body.sync.status === status) return res.body;
    if (Date.now() > deadline) throw new Error(`note ${id} still ${JSON.stringify(res.body.sync ?? res.body)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the outbox holds no job of these integrations (every note settled: synced or failed). Other
 * test files share the database, so only the given integrations count.
 */
export async function untilOutboxEmpty(t: TestApp, integrationIds: string[], timeoutMs = 60_000): Promise<void> {
  const ds = t.app.get(DataSource);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM note_sync_jobs WHERE NOT parked AND integration_id = ANY($1::uuid[])`, [integrationIds]);
    if (row.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${row.n} sync jobs still queued after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface SandboxRow {
  pageId: string;
  noteId: string;
  title: string;
  inTrash: boolean;
  related: string[];
  properties: Record<string, unknown>;
}

const plain = (value: JsonObject[]) => value.map((t) => String((t.text as JsonObject | undefined)?.content ?? t.plain_text ?? '')).join('');

/** Every row (trashed ones too) of the integration's Table of Contents, read from the sandbox's state. */
export async function sandboxRows(t: TestApp, world: OAuthWorld, integrationId: string): Promise<SandboxRow[]> {
  const [ws] = await t.app.get(DataSource).query(`SELECT data_source_id, property_ids FROM notion_workspaces WHERE integration_id = $1`, [integrationId]);
  if (!ws) return [];
  const ids = ws.property_ids as Record<string, string>;
  const state = world.sandbox.control.exportState();
  return Object.values(state.pages)
    .filter((p) => p.parent.type === 'data_source_id' && p.parent.id === ws.data_source_id)
    .map((p) => {
      const prop = (name: string) => p.properties[ids[name]];
      const noteId = prop('Note ID');
      const title = prop('Name');
      const related = prop('Related');
      return {
        pageId: p.id,
        noteId: noteId?.type === 'rich_text' ? plain(noteId.value) : '',
        title: title?.type === 'title' ? plain(title.value) : '',
        inTrash: p.inTrash,
        related: related?.type === 'relation' ? related.value : [],
        properties: p.properties,
      };
    });
}
