import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { signWebhookPayload } from '@notionhq/client';
import { DataSource } from 'typeorm';
import { EmbeddedNotionEndpoint } from '../../../src/embedded/embedded-notion.endpoint';
import { NotionWebhookWorker } from '../../../src/notes/changes/notion-webhook.worker';
import { WebhookInboxRepository } from '../../../src/notes/changes/webhook-inbox.repository';
import type { NotionSandbox } from '../../../src/sandbox/notion';
import { bootApp, LogCapture, type TestApp } from '../../support/app';
import { bearer, signUp, type SignedIn } from '../../support/auth';
import { freePort } from '../../support/free-port';
import { embeddedAuthorize, embeddedCallback, embeddedConsent } from '../../oauth/support/embedded-connect';
import { FAST_SYNC_ENV, untilSyncStatus } from '../support/notes-world';
import { integrationRow, notePull, paragraph, SignalRecorder, within, type IntegrationRow } from './change-feed-support';

const OPERATOR_TOKEN = `operator-${randomUUID()}`;

/**
 * Webhooks on, with the embedded sandbox standing for Notion: the app subscribes itself at boot, the
 * handshake's token is kept encrypted and pasted back through the sandbox, and the sandbox then delivers
 * signed events to the app's real HTTP port. A person's edits are made through the sandbox's person API.
 */
describe('Notion webhooks: POST /webhooks/notion', () => {
  let dataDir: string;
  let t: TestApp;
  let sandbox: NotionSandbox;
  let ds: DataSource;
  const recorder = new SignalRecorder();
  const logs = new LogCapture();
  let user: SignedIn;
  let integrationId: string;
  let integration: IntegrationRow;
  let token: string;
  let noteId: string;
  let pageId: string;
  let subscriptionId: string;

  const post = (body: string, signature?: string) => {
    const req = t.http().post('/webhooks/notion').set('Content-Type', 'application/json');
    if (signature !== undefined) req.set('X-Notion-Signature', signature);
    return req.send(body);
  };
  const signed = async (event: object, verificationToken = token) => {
    const body = JSON.stringify(event);
    return post(body, await signWebhookPayload({ body, verificationToken }));
  };
  const inboxRows = async (id: string) =>
    (await ds.query(`SELECT id, outcome, processed_at FROM notion_webhook_events WHERE id = $1`, [id])) as Array<{ outcome: string | null; processed_at: Date | null }>;
  const processed = (id: string) => within(5_000, `event ${id} processed`, async () => (await inboxRows(id)).find((r) => r.processed_at !== null));
  const event = (overrides: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    workspace_id: integration.workspaceId,
    workspace_name: 'Workspace',
    subscription_id: randomUUID(),
    integration_id: randomUUID(),
    type: 'page.properties_updated',
    authors: [{ id: randomUUID(), type: 'person' }],
    accessible_by: [{ id: integration.botId, type: 'bot' }],
    attempt_number: 1,
    api_version: '2026-03-11',
    entity: { id: pageId, type: 'page' },
    data: { parent: { id: randomUUID(), type: 'space' }, updated_properties: ['title'] },
    ...overrides,
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'pa-webhooks-'));
    const port = await freePort();
    t = await bootApp({
      env: {
        ...FAST_SYNC_ENV,
        NODE_ENV: 'development',
        DATA_DIR: dataDir,
        NOTION_CLIENT_ID: undefined,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        NOTION_WEBHOOKS_ENABLED: 'true',
        OPERATOR_TOKEN,
        LOG_LEVEL: 'info',
      },
      logs,
    });
    recorder.attach(t);
    await t.app.listen(port, '127.0.0.1');
    sandbox = await t.app.get(EmbeddedNotionEndpoint).sandbox();
    ds = t.app.get(DataSource);
    // The sandbox's verification request reaches the app once it listens (a retry), the app keeps the token
    // and pastes it back: the subscription turns active.
    const shown = await within(15_000, 'the verification token', async () => {
      const res = await t.http().get('/webhooks/notion/verification-token').set(...bearer(OPERATOR_TOKEN));
      return res.status === 200 ? res.body : null;
    });
    token = shown.verificationToken;
    subscriptionId = (await within(5_000, 'the subscription verified', () => sandbox.webhooks.listSubscriptions().find((s) => s.status === 'active'))).id;

    user = await signUp(t, 'webhooks');
    const redirect = await embeddedConsent(await embeddedAuthorize(t, user));
    const done = await embeddedCallback(t, user, redirect);
    integrationId = new URL(done.headers.location as string, 'http://app.test').searchParams.get('integration') as string;
    integration = await integrationRow(t, integrationId);
    const created = await t.http().post('/notes').set(...bearer(user.token)).send({ content: 'A note the person will edit in Notion' });
    noteId = created.body.id;
    await untilSyncStatus(t, { ...user, personId: '', workspaceId: '', pageId: '' }, noteId, 'synced');
    pageId = (await notePull(t, noteId)).pageId as string;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the handshake token encrypted, shows it only to the operator, and logs only its fingerprint', async () => {
    const [row] = await ds.query(`SELECT value_enc, fingerprint FROM notion_webhook_secrets`);
    expect(row.value_enc).not.toContain(token);
    expect(row.value_enc).toMatch(/^v1\./);
    expect(logs.text).not.toContain(token);
    expect(logs.text).toContain(row.fingerprint);
    expect((await t.http().get('/webhooks/notion/verification-token')).status).toBe(401);
    const wrong = await t.http().get('/webhooks/notion/verification-token').set(...bearer(`${OPERATOR_TOKEN}x`));
    expect([wrong.status, wrong.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(JSON.stringify(wrong.body)).not.toContain(token);
  });

  it('answers 401 and stores nothing for a bad, missing or other-token signature', async () => {
    const bad = event();
    const body = JSON.stringify(bad);
    const answers = [
      await post(body),
      await post(body, `sha256=${'0'.repeat(64)}`),
      await post(body, 'not-a-signature'),
      await post(body, await signWebhookPayload({ body, verificationToken: 'secret_another_subscription' })),
      // Signed with the right token, but over other bytes than those sent.
      await post(body, await signWebhookPayload({ body: `${body} `, verificationToken: token })),
    ];
    for (const res of answers) expect([res.status, res.body.code]).toEqual([401, 'WEBHOOK_SIGNATURE_INVALID']);
    expect(await inboxRows(bad.id)).toEqual([]);
  });

  it('refuses malformed JSON with 400, never a 5xx', async () => {
    const body = '{"id": "x", "type": ';
    const res = await post(body, await signWebhookPayload({ body, verificationToken: token }));
    expect([res.status, res.body.code]).toEqual([400, 'MALFORMED_JSON']);
    const notObject = await post('[1,2]', await signWebhookPayload({ body: '[1,2]', verificationToken: token }));
    expect([notObject.status, notObject.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('works a replayed event id once: one inbox row, one signal', async () => {
    const replayed = event({ timestamp: '2026-01-02T03:04:05.678Z' });
    const first = await signed(replayed);
    const second = await signed(replayed);
    expect([first.status, first.body]).toEqual([200, { received: 'event' }]);
    expect([second.status, second.body]).toEqual([200, { received: 'duplicate' }]);
    expect((await processed(replayed.id)).outcome).toBe('signalled');
    expect(await inboxRows(replayed.id)).toHaveLength(1);
    const third = await signed(replayed);
    expect(third.body).toEqual({ received: 'duplicate' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const heard = recorder.signals.filter((s) => s.at === replayed.timestamp);
    expect(heard).toEqual([{ integrationId, entity: { id: pageId, type: 'page' }, kind: 'page.properties_updated', at: replayed.timestamp, parentDataSourceId: null }]);
  });

  it('acknowledges and ignores events of a workspace nobody here connected, and unknown types', async () => {
    // Not even kept: answered 200 (Notion does not retry), no inbox row.
    const foreign = event({ workspace_id: randomUUID(), accessible_by: [{ id: randomUUID(), type: 'bot' }], timestamp: '2026-01-03T00:00:00.000Z' });
    const res = await signed(foreign);
    expect([res.status, res.body]).toEqual([200, { received: 'unknown_workspace' }]);
    expect(await inboxRows(foreign.id)).toEqual([]);
    const nowhere = event({ workspace_id: undefined, timestamp: '2026-01-03T00:00:00.500Z' });
    expect((await signed(nowhere)).body).toEqual({ received: 'unknown_workspace' });

    // Kept while its workspace was connected, worked after the disconnect: the worker ignores it.
    const stale = event({ workspace_id: randomUUID(), timestamp: '2026-01-03T00:00:00.700Z' });
    await t.app.get(WebhookInboxRepository).insert(stale.id, stale.type, stale);
    t.app.get(NotionWebhookWorker).kick();
    expect((await processed(stale.id)).outcome).toBe('unknown_workspace');

    const unknown = event({ type: 'comment.created', entity: { id: randomUUID(), type: 'comment' }, timestamp: '2026-01-03T00:00:01.000Z' });
    expect((await signed(unknown)).status).toBe(200);
    expect((await processed(unknown.id)).outcome).toBe('ignored_type');

    // This workspace, but not shared with this integration's bot (another installation's event).
    const other = event({ accessible_by: [{ id: randomUUID(), type: 'bot' }], timestamp: '2026-01-03T00:00:02.000Z' });
    expect((await signed(other)).status).toBe(200);
    expect((await processed(other.id)).outcome).toBe('not_accessible');
    const ats = new Set([foreign.timestamp, nowhere.timestamp, stale.timestamp, unknown.timestamp, other.timestamp]);
    expect(recorder.signals.filter((s) => ats.has(s.at))).toEqual([]);
  });

  it('a burst for a workspace nobody here connected does not delay a connected workspace\'s event', async () => {
    // The worker falls behind (held at its next claim, as when deliveries outrun it) while Notion delivers a
    // burst for a workspace nobody here connected (its person disconnected here but left the integration
    // installed), then a person's edit in a connected workspace. Then the worker goes on: the edit must be
    // worked first, not after the burst.
    const inbox = t.app.get(WebhookInboxRepository);
    const claim = inbox.claim.bind(inbox);
    let resume = () => undefined as void;
    const held = new Promise<void>((resolve) => (resume = resolve));
    const worked: string[] = [];
    inbox.claim = async (...args: Parameters<WebhookInboxRepository['claim']>) => {
      await held;
      const events = await claim(...args);
      worked.push(...events.map((e) => e.id));
      return events;
    };
    try {
      const nobodys = randomUUID();
      const start = Date.parse('2026-01-03T12:00:00.000Z');
      const burst = Array.from({ length: 120 }, (_, i) =>
        event({ workspace_id: nobodys, accessible_by: [{ id: randomUUID(), type: 'bot' }], timestamp: new Date(start + i).toISOString() }),
      );
      for (const e of burst) expect((await signed(e)).status).toBe(200);
      const edit = event({ type: 'page.content_updated', timestamp: new Date(start + 1_000).toISOString() });
      expect((await signed(edit)).body).toEqual({ received: 'event' });
      resume();
      expect((await processed(edit.id)).outcome).toBe('signalled');
      const fromBurst = new Set<string>(burst.map((e) => e.id));
      // Nothing of the burst was worked before the edit, and nothing of it waits in the inbox to be worked later.
      expect(worked).toContain(edit.id);
      expect(worked.slice(0, worked.indexOf(edit.id)).filter((id) => fromBurst.has(id)).length).toBe(0);
      const [kept] = await ds.query(`SELECT count(*)::int AS n FROM notion_webhook_events WHERE id = ANY($1)`, [[...fromBurst]]);
      expect(kept.n).toBe(0);
      expect(recorder.signals.filter((s) => s.at === edit.timestamp)).toEqual([expect.objectContaining({ integrationId, kind: 'page.content_updated' })]);
    } finally {
      inbox.claim = claim;
      resume();
    }
  });

  it('skips the product\'s own writes: events authored only by the integration\'s bot', async () => {
    const own = event({ authors: [{ id: integration.botId, type: 'bot' }], timestamp: '2026-01-04T00:00:00.000Z' });
    expect((await signed(own)).status).toBe(200);
    expect((await processed(own.id)).outcome).toBe('own_write');
    expect(recorder.signals.filter((s) => s.at === own.timestamp)).toEqual([]);
    // The real events of the note the product wrote: all delivered, all recognised as its own.
    sandbox.webhooks.flush();
    await sandbox.webhooks.settled();
    const real = await within(5_000, 'the events of the product\'s own page', async () => {
      const rows: Array<{ outcome: string | null }> = await ds.query(
        `SELECT outcome FROM notion_webhook_events WHERE payload->'entity'->>'id' = $1 AND payload->>'subscription_id' = $2`,
        [pageId, subscriptionId],
      );
      return rows.length > 0 && rows.every((r) => r.outcome !== null) ? rows : null;
    });
    expect(new Set(real.map((r) => r.outcome))).toEqual(new Set(['own_write']));
  });

  it('hears a person\'s edit: the note\'s pull is requested and its job queued within 5 s', async () => {
    const personId = sandbox.control.ensurePerson({ externalId: user.userId, name: 'Test User', email: user.email }).personId;
    const before = recorder.of(integrationId).length;
    await sandbox.person(personId).appendBlocks(pageId, [paragraph('Typed by the person in Notion')]);
    const heard = await within(5_000, 'the webhook signal of the person\'s edit', () =>
      recorder.of(integrationId).slice(before).find((s) => s.entity.id === pageId && s.kind === 'page.content_updated'),
    );
    expect(heard.parentDataSourceId).toEqual(expect.any(String));
    const pull = await notePull(t, noteId);
    // The pull was requested (or already worked by the sync job it queued).
    expect(pull.pullRequestedAt ?? pull.lastPulledAt).not.toBeNull();
  });

  it('a stray handshake (anyone can post one) does not lock Notion out: the replaced token still verifies', async () => {
    const stray = await post(JSON.stringify({ verification_token: 'secret_posted_by_someone_else' }));
    expect([stray.status, stray.body]).toEqual([200, { received: 'verification_token' }]);
    const shown = await t.http().get('/webhooks/notion/verification-token').set(...bearer(OPERATOR_TOKEN));
    expect(shown.body.verificationToken).toBe('secret_posted_by_someone_else');
    const real = event({ timestamp: '2026-01-05T00:00:00.000Z' });
    expect((await signed(real)).body).toEqual({ received: 'event' });
    expect((await processed(real.id)).outcome).toBe('signalled');
    const [secrets] = await ds.query(`SELECT count(*)::int AS n FROM notion_webhook_secrets`);
    expect(secrets.n).toBe(2);
  });
});
