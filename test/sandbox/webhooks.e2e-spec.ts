import { verifyWebhookSignature } from '@notionhq/client';
import { ControlError, IntegrationInfo, SubscriptionView } from '../../src/sandbox/notion';
import { VERSION, World, startWorld, text } from './support/sandbox-world';
import { WebhookContract } from './support/webhook-contract';
import { WebhookReceiver } from './support/webhook-receiver';
import { Body, CLOCK_DRIVEN, checkDelivered, controlApi, deliver as deliverAll, subscribe as subscribeTo } from './support/webhook-world';

const WINDOW_MS = CLOCK_DRIVEN.aggregationWindowMs;

describe('Notion sandbox webhooks', () => {
  let world: World;
  const contract = new WebhookContract();
  const receivers: WebhookReceiver[] = [];
  let checked = 0;
  let rA: WebhookReceiver; // internalA: sees pageA and what is below it
  let rB: WebhookReceiver; // internalB: workspace B only
  let rBlind: WebhookReceiver; // an internal integration of workspace A with nothing shared
  let rPublic: WebhookReceiver; // the public app, installed by Alice with pageA
  let subA: SubscriptionView & { token: string };
  let subPublic: SubscriptionView & { token: string };
  let tasks: string; // a data source below pageA
  let props: Record<string, string>;

  const hooks = () => world.sandbox.webhooks;
  const alice = () => world.sandbox.person(world.alice);
  const deliver = () => deliverAll(world.sandbox);
  const receiver = async () => {
    const r = await WebhookReceiver.start();
    receivers.push(r);
    return r;
  };
  const subscribe = (integrationId: string, r: WebhookReceiver, eventTypes?: string[]) => subscribeTo(world.sandbox, integrationId, r, eventTypes);
  const control = (method: string, route: string, body?: unknown) => controlApi(world.sandbox)(method, route, body);

  beforeAll(async () => {
    world = await startWorld({ control: true, webhooks: CLOCK_DRIVEN });
    const c = world.sandbox.control;
    const blind = c.createIntegration({ name: 'Blind A', kind: 'internal', workspaceId: world.workspaceA });
    c.issueToken({ integrationId: world.publicApp.id, workspaceId: world.workspaceA, personId: world.alice, pageIds: [world.pageA] });
    [rA, rB, rBlind, rPublic] = [await receiver(), await receiver(), await receiver(), await receiver()];
    subA = await subscribe(world.internalA.id, rA);
    await subscribe(world.internalB.id, rB);
    await subscribe((blind as IntegrationInfo).id, rBlind);
    subPublic = await subscribe(world.publicApp.id, rPublic);
    const db = await world.client(world.internalA.token).databases.create({
      parent: { type: 'page_id', page_id: world.pageA },
      title: text('Tasks'),
      initial_data_source: { properties: { Name: { title: {} }, Status: { select: {} }, Notes: { rich_text: {} } } },
    });
    tasks = (db as unknown as Body).data_sources[0].id;
    const source = (await world.client(world.internalA.token).dataSources.retrieve({ data_source_id: tasks })) as unknown as Body;
    props = Object.fromEntries(Object.entries(source.properties as Record<string, Body>).map(([name, p]) => [name, String(p.id)]));
    await deliver();
  });

  afterEach(async () => {
    await deliver();
    checked += checkDelivered(receivers, contract);
    for (const r of receivers) r.clear();
  });

  afterAll(async () => {
    await world.sandbox.close();
    await Promise.all(receivers.map((r) => r.close()));
    expect(world.contract.violations).toEqual([]);
  });

  afterAll(() => {
    // Skipped when a filter runs only some tests: the count is for the whole file.
    if (expect.getState().testNamePattern) return;
    expect(checked).toBeGreaterThan(20);
  });

  it('verification: a new subscription is sent a signed token and stays pending until the token is pasted back', async () => {
    const r = await receiver();
    const subscription = hooks().createSubscription({ integrationId: world.internalA.id, url: r.url, eventTypes: ['page.content_updated'] });
    expect(subscription).toMatchObject({ status: 'pending', eventTypes: ['page.content_updated'], apiVersion: VERSION });
    expect(JSON.stringify(hooks().listSubscriptions())).not.toContain('secret_');
    await hooks().settled();
    expect(r.received).toHaveLength(1);
    const [handshake] = r.received;
    expect(Object.keys(handshake.body)).toEqual(['verification_token']);
    const token = r.verificationToken();
    expect(token).toMatch(/^secret_/);
    expect(await verifyWebhookSignature({ body: handshake.raw, signature: String(handshake.headers['x-notion-signature']), verificationToken: token })).toBe(true);

    await alice().appendBlocks(world.pageA, [{ paragraph: { rich_text: text('before verification') } }]);
    await deliver();
    expect(r.events()).toEqual([]);

    expect(() => hooks().verifySubscription(subscription.id, 'secret_wrong')).toThrow(ControlError);
    expect(await control('POST', `/webhooks/subscriptions/${subscription.id}/verify`, { verificationToken: 'secret_wrong' })).toMatchObject({ status: 400, body: { error: expect.any(String) } });
    expect((await control('POST', `/webhooks/subscriptions/${subscription.id}/resend-token`)).status).toBe(200);
    await hooks().settled();
    expect(r.received.map((d) => d.body.verification_token)).toEqual([token, token]);
    expect(await control('POST', `/webhooks/subscriptions/${subscription.id}/verify`, { verificationToken: token })).toMatchObject({ status: 200, body: { status: 'active' } });
    expect((await control('PATCH', `/webhooks/subscriptions/${subscription.id}`, { url: 'http://127.0.0.1:1/elsewhere' })).status).toBe(409);

    await alice().appendBlocks(world.pageA, [{ paragraph: { rich_text: text('after verification') } }]);
    await deliver();
    expect(r.types()).toEqual(['page.content_updated']);
    r.clear();
    expect((await control('DELETE', `/webhooks/subscriptions/${subscription.id}`)).status).toBe(200);
  });

  it('signs every delivery: the signature verifies with its subscription’s token and fails with any other', async () => {
    await world.client(world.internalA.token).blocks.children.append({ block_id: world.pageA, children: [{ paragraph: { rich_text: text('signed') } }] });
    await alice().renamePage(world.pageA, 'Notes A (renamed)');
    await deliver();
    const deliveries = [...rA.events(), ...rPublic.events()];
    expect(deliveries.length).toBeGreaterThanOrEqual(4);
    for (const delivery of deliveries) {
      const signature = String(delivery.headers['x-notion-signature']);
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      const own = delivery.body.subscription_id === subA.id ? subA.token : subPublic.token;
      const other = own === subA.token ? subPublic.token : subA.token;
      expect(await verifyWebhookSignature({ body: delivery.raw, signature, verificationToken: own })).toBe(true);
      expect(await verifyWebhookSignature({ body: delivery.raw, signature, verificationToken: other })).toBe(false);
      expect(await verifyWebhookSignature({ body: `${delivery.raw} `, signature, verificationToken: own })).toBe(false);
    }
    await alice().renamePage(world.pageA, 'Notes A');
  });

  it('aggregates a person’s three quick appends into one page.content_updated, only for integrations that can see the page', async () => {
    const ids: string[] = [];
    for (const word of ['one', 'two', 'three']) {
      const added = await alice().appendBlocks(world.pageA, [{ paragraph: { rich_text: text(word) } }]);
      ids.push(String((added.results as Body[])[0].id));
      world.sandbox.control.advanceClock(1000);
    }
    await hooks().settled();
    expect(rA.events()).toEqual([]);
    // The sandbox clock runs in real time too: stop 10 s short of the window, then pass it.
    world.sandbox.control.advanceClock(WINDOW_MS - 3000 - 10_000);
    await hooks().settled();
    expect(rA.events()).toEqual([]);
    world.sandbox.control.advanceClock(10_000);
    await hooks().settled();
    expect(rA.types()).toEqual(['page.content_updated']);
    const event = rA.events()[0].body;
    expect(event).toMatchObject({
      type: 'page.content_updated',
      entity: { id: world.pageA, type: 'page' },
      workspace_id: world.workspaceA,
      workspace_name: 'Workspace A',
      subscription_id: subA.id,
      integration_id: world.internalA.id,
      authors: [{ id: world.alice, type: 'person' }],
      attempt_number: 1,
      api_version: VERSION,
      data: { parent: { id: world.workspaceA, type: 'space' } },
    });
    expect(event.accessible_by).toBeUndefined();
    expect(event.data.updated_blocks).toEqual(ids.map((id) => ({ id, type: 'block' })));
    expect(rPublic.types()).toEqual(['page.content_updated']);
    expect(rPublic.events()[0].body.accessible_by).toEqual(expect.arrayContaining([{ id: world.alice, type: 'person' }, { id: expect.any(String), type: 'bot' }]));
    expect(rB.events()).toEqual([]);
    expect(rBlind.events()).toEqual([]);
    for (const r of [rA, rPublic]) for (const d of r.events()) expect(contract.check(d.body)).toEqual([]);
    rA.clear();
    rPublic.clear();

    await alice().appendBlocks(world.privatePageA, [{ paragraph: { rich_text: text('nobody is told') } }]);
    await deliver();
    expect([...rA.events(), ...rPublic.events(), ...rB.events(), ...rBlind.events()]).toEqual([]);
  });

  it('page.properties_updated names the property ids; trash and restore are page.deleted and page.undeleted', async () => {
    const notion = world.client(world.internalA.token);
    const row = await notion.pages.create({ parent: { data_source_id: tasks }, properties: { Name: { title: text('Write report') } } });
    const child = await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Child') } } });
    await deliver();
    rA.clear();
    rPublic.clear();

    await alice().setPageProperties(row.id, { Status: { select: { name: 'Done' } }, Notes: { rich_text: text('checked') } });
    await alice().setPageProperties(row.id, { Status: { select: { name: 'Doing' } } });
    await deliver();
    expect(rA.types()).toEqual(['page.properties_updated']);
    const updated = rA.events()[0].body;
    expect(updated.entity).toEqual({ id: row.id, type: 'page' });
    expect(updated.data.parent).toEqual({ id: expect.any(String), type: 'database', data_source_id: tasks });
    expect([...(updated.data.updated_properties ?? [])].sort()).toEqual([props.Status, props.Notes].sort());
    rA.clear();

    await alice().renamePage(child.id, 'Child renamed');
    await deliver();
    expect(rA.events().map((d) => [d.body.type, d.body.data.updated_properties])).toEqual([['page.properties_updated', ['title']]]);
    rA.clear();

    await alice().trashPage(child.id);
    await alice().restorePage(child.id);
    await hooks().settled();
    expect(rA.types()).toEqual(['page.deleted', 'page.undeleted']);
    for (const d of rA.events()) expect(d.body).toMatchObject({ entity: { id: child.id, type: 'page' }, authors: [{ id: world.alice, type: 'person' }], data: { parent: { id: world.pageA, type: 'page' } } });
  });

  it('rows, moves and schema changes: page.created, page.moved and the data_source.* events', async () => {
    const row = await alice().addRow(tasks, { Name: { title: text('From Alice') } });
    await deliver();
    expect(rA.types()).toEqual(['page.created', 'data_source.content_updated']);
    expect(rA.events()[1].body).toMatchObject({ entity: { id: tasks, type: 'data_source' }, data: { updated_blocks: [{ id: row.id, type: 'page' }] } });
    rA.clear();

    await alice().movePage(String(row.id), { page_id: world.pageA });
    await deliver();
    expect(rA.types()).toEqual(['page.moved', 'data_source.content_updated']);
    expect(rA.events()[0].body.data.parent).toEqual({ id: world.pageA, type: 'page' });
    rA.clear();

    await alice().renameProperty(tasks, 'Status', 'Stage');
    await alice().deleteProperty(tasks, 'Notes');
    await deliver();
    expect(rA.types()).toEqual(['data_source.schema_updated']);
    expect(rA.events()[0].body.data.updated_properties).toEqual([
      { id: props.Status, name: 'Stage', action: 'updated' },
      { id: props.Notes, name: 'Notes', action: 'deleted' },
    ]);
    rA.clear();

    const db = (await alice().request('POST', '/v1/databases', {
      parent: { type: 'page_id', page_id: world.pageA },
      title: text('Reading list'),
      initial_data_source: { properties: { Title: { title: {} } } },
    })) as unknown as Body;
    const reading = String(db.data_sources[0].id);
    await alice().request('PATCH', `/v1/data_sources/${reading}`, { in_trash: true });
    await alice().request('PATCH', `/v1/data_sources/${reading}`, { in_trash: false });
    await alice().request('PATCH', `/v1/pages/${world.pageA}`, { is_locked: true });
    await alice().request('PATCH', `/v1/pages/${world.pageA}`, { is_locked: false });
    await deliver();
    expect(rA.types()).toEqual(['data_source.created', 'data_source.deleted', 'data_source.undeleted', 'page.locked', 'page.unlocked']);
    expect(rA.events()[0].body).toMatchObject({ entity: { id: reading, type: 'data_source' }, data: { parent: { id: db.id, type: 'database' } } });
  });

  it('names the bot as author of an API write, so a receiver can tell its own writes from a person’s', async () => {
    await world.client(world.internalA.token).blocks.children.append({ block_id: world.pageA, children: [{ paragraph: { rich_text: text('by the bot') } }] });
    await alice().appendBlocks(world.pageA, [{ paragraph: { rich_text: text('by Alice') } }]);
    await deliver();
    expect(rA.types()).toEqual(['page.content_updated']);
    expect(rA.events()[0].body.authors).toEqual([
      { id: world.internalA.botId, type: 'bot' },
      { id: world.alice, type: 'person' },
    ]);
    rA.clear();

    // The older version's `archived` is the same trash.
    const legacy = world.client(world.internalA.token, { version: '2025-09-03' });
    const child = await legacy.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Legacy') } } });
    await legacy.pages.update({ page_id: child.id, archived: true });
    await deliver();
    expect(rA.events().map((d) => [d.body.type, d.body.authors])).toEqual([
      ['page.created', [{ id: world.internalA.botId, type: 'bot' }]],
      ['page.deleted', [{ id: world.internalA.botId, type: 'bot' }]],
    ]);
  });

  it('refuses bad subscriptions with clear control errors', async () => {
    expect((await control('POST', '/webhooks/subscriptions', { integrationId: 'nope', url: 'http://127.0.0.1:1/' })).status).toBe(404);
    expect((await control('POST', '/webhooks/subscriptions', { integrationId: world.internalA.id, url: 'ftp://x' })).status).toBe(400);
    expect((await control('POST', '/webhooks/subscriptions', { integrationId: world.internalA.id, url: 'http://127.0.0.1:1/', eventTypes: ['comment.created'] })).status).toBe(400);
    expect((await control('POST', '/webhooks/subscriptions', { integrationId: world.internalA.id, url: 'http://127.0.0.1:1/', apiVersion: '2022-06-28' })).status).toBe(400);
    const listed = await control('GET', '/webhooks/subscriptions');
    expect(listed.body.results.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(listed.body)).not.toContain('secret_');
  });
});
