import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@notionhq/client';
import { SubscriptionView, startNotionSandbox } from '../../src/sandbox/notion';
import { VERSION, World, startWorld, text } from './support/sandbox-world';
import { WebhookContract } from './support/webhook-contract';
import { WebhookReceiver } from './support/webhook-receiver';
import { CLOCK_DRIVEN, checkDelivered, controlApi, deliver, subscribe, until } from './support/webhook-world';

describe('Notion sandbox webhook delivery: retries, timeouts, faults', () => {
  let world: World;
  let rA: WebhookReceiver;
  let subA: SubscriptionView & { token: string };
  const contract = new WebhookContract();
  const hooks = () => world.sandbox.webhooks;
  const alice = () => world.sandbox.person(world.alice);
  const control = (method: string, route: string, body?: unknown) => controlApi(world.sandbox)(method, route, body);

  beforeAll(async () => {
    world = await startWorld({ control: true, webhooks: CLOCK_DRIVEN });
    rA = await WebhookReceiver.start();
    subA = await subscribe(world.sandbox, world.internalA.id, rA);
  });

  afterEach(async () => {
    await deliver(world.sandbox);
    checkDelivered([rA], contract);
    rA.clear();
    rA.statuses.length = 0;
    rA.hang = false;
  });

  afterAll(async () => {
    await world.sandbox.close();
    await rA.close();
    expect(world.contract.violations).toEqual([]);
  });

  it('retries a receiver answering 500 twice, then 200: three attempts with a rising attempt_number', async () => {
    hooks().clearDeliveries();
    rA.statuses.push(500, 500);
    const child = await world.client(world.internalA.token).pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Retry me') } } });
    await hooks().settled();
    expect(rA.events().map((d) => d.body.attempt_number)).toEqual([1]);
    world.sandbox.control.advanceClock(CLOCK_DRIVEN.retryBaseMs);
    await hooks().settled();
    expect(rA.events().map((d) => d.body.attempt_number)).toEqual([1, 2]);
    world.sandbox.control.advanceClock(2 * CLOCK_DRIVEN.retryBaseMs);
    await hooks().settled();
    const attempts = rA.events();
    expect(attempts.map((d) => d.body.attempt_number)).toEqual([1, 2, 3]);
    expect(new Set(attempts.map((d) => d.body.id)).size).toBe(1);
    expect(attempts[0].body).toMatchObject({ type: 'page.created', entity: { id: child.id } });
    const log = (await control('GET', '/webhooks/deliveries')).body.results;
    expect(log.filter((e) => e.subscriptionId === subA.id).map((e) => [e.type, e.attempt, e.status])).toEqual([
      ['page.created', 1, 500],
      ['page.created', 2, 500],
      ['page.created', 3, 200],
    ]);
    expect(log[0]).toEqual(expect.objectContaining({ eventId: attempts[0].body.id, durationMs: expect.any(Number), time: expect.any(String) }));
  });

  it('counts a receiver that does not answer in time as failed and tries again', async () => {
    hooks().clearDeliveries();
    rA.hang = true;
    await alice().appendBlocks(world.pageA, [{ paragraph: { rich_text: text('slow receiver') } }]);
    hooks().flush();
    await until(() => rA.events().length === 1);
    rA.hang = false;
    world.sandbox.control.advanceClock(CLOCK_DRIVEN.timeoutMs);
    await hooks().settled();
    world.sandbox.control.advanceClock(CLOCK_DRIVEN.retryBaseMs);
    await hooks().settled();
    expect(rA.events().map((d) => d.body.attempt_number)).toEqual([1, 2]);
    const log = hooks().deliveries().filter((e) => e.subscriptionId === subA.id);
    expect(log.map((e) => [e.attempt, e.status, e.error])).toEqual([
      [1, null, 'timeout'],
      [2, 200, null],
    ]);
  });

  it('faults deliver an event twice or out of order', async () => {
    const duplicate = await control('POST', '/webhooks/faults', { kind: 'duplicate', subscriptionId: subA.id, eventType: 'page.deleted' });
    expect(duplicate.status).toBe(201);
    const child = await world.client(world.internalA.token).pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Faulty') } } });
    await deliver(world.sandbox);
    rA.clear();
    await alice().trashPage(child.id);
    await hooks().settled();
    expect(rA.types()).toEqual(['page.deleted', 'page.deleted']);
    expect(rA.events()[0].raw).toBe(rA.events()[1].raw);
    rA.clear();

    hooks().injectFault({ kind: 'reorder', subscriptionId: subA.id });
    await alice().restorePage(child.id);
    await alice().trashPage(child.id);
    await hooks().settled();
    expect(rA.types()).toEqual(['page.deleted', 'page.undeleted']);
    const [deleted, undeleted] = rA.events().map((d) => d.body);
    expect(Date.parse(undeleted.timestamp)).toBeLessThanOrEqual(Date.parse(deleted.timestamp));
    expect(hooks().faults()).toEqual([]);
    expect((await control('POST', '/webhooks/faults', { kind: 'explode' })).status).toBe(400);
  });
});

describe('Notion sandbox webhooks: subscriptions in the snapshot', () => {
  it('keeps subscriptions across a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-hooks-'));
    const snapshotFile = path.join(dir, 'state.json');
    try {
      const first = await startWorld({ snapshotFile, webhooks: { aggregationWindowMs: 0 } });
      const r = await WebhookReceiver.start();
      const subscription = await subscribe(first.sandbox, first.internalA.id, r, ['page.created']);
      await first.sandbox.close();

      const second = await startNotionSandbox({ snapshotFile, rateLimit: false, webhooks: { aggregationWindowMs: 0 } });
      expect(second.webhooks.listSubscriptions()).toEqual([expect.objectContaining({ id: subscription.id, status: 'active', eventTypes: ['page.created'] })]);
      const notion = new Client({ baseUrl: second.url, auth: first.internalA.token, notionVersion: VERSION, logger: () => undefined });
      await notion.pages.create({ parent: { page_id: first.pageA }, properties: { title: { title: text('After restart') } } });
      await second.webhooks.settled();
      expect(r.types()).toEqual(['page.created']);
      await second.close();
      await r.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Notion sandbox webhooks: closing', () => {
  it('cancels waiting retries and open windows when the sandbox closes', async () => {
    const world = await startWorld({ webhooks: CLOCK_DRIVEN });
    const r = await WebhookReceiver.start();
    await subscribe(world.sandbox, world.internalA.id, r);
    r.statuses.push(500, 500, 500);
    await world.client(world.internalA.token).pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Closing') } } });
    await world.sandbox.webhooks.settled();
    await world.sandbox.person(world.alice).appendBlocks(world.pageA, [{ paragraph: { rich_text: text('never sent') } }]);
    await world.sandbox.webhooks.settled();
    // A retry (in 60 s) and an aggregated event (in 60 s) are waiting.
    expect(r.types()).toEqual(['page.created']);
    await world.sandbox.close();
    // Were anything still scheduled, moving the clock past it would send it now.
    world.sandbox.control.advanceClock(10 * 60_000);
    await world.sandbox.webhooks.settled();
    expect(r.types()).toEqual(['page.created']);
    expect(world.sandbox.webhooks.deliveries().map((e) => [e.type, e.attempt, e.status])).toEqual([
      ['verification', 1, 200],
      ['page.created', 1, 500],
    ]);
    await r.close();
  });
});

