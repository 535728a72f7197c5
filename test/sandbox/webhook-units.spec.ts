import { Clock } from '../../src/sandbox/notion/core/clock';
import { ClockScheduler } from '../../src/sandbox/notion/core/scheduler';
import { readStandaloneConfig } from '../../src/sandbox/notion/standalone-config';
import { Change } from '../../src/sandbox/notion/webhooks/change';
import { eventFromChange, mergeChange, signature } from '../../src/sandbox/notion/webhooks/webhook-event';
import { WebhookFaults } from '../../src/sandbox/notion/webhooks/webhook-faults';

describe('ClockScheduler', () => {
  it('runs tasks when the sandbox clock reaches them, in time order, and not after cancel or stop', () => {
    const clock = new Clock();
    const scheduler = new ClockScheduler(clock);
    const ran: string[] = [];
    const start = clock.now();
    scheduler.at(start + 60_000, () => ran.push('b'));
    scheduler.at(start + 30_000, () => ran.push('a'));
    const cancelled = scheduler.at(start + 10_000, () => ran.push('cancelled'));
    scheduler.cancel(cancelled);
    clock.advance(29_000);
    expect(ran).toEqual([]);
    clock.advance(31_000);
    expect(ran).toEqual(['a', 'b']);
    scheduler.at(clock.now() + 1000, () => ran.push('late'));
    scheduler.stop();
    clock.advance(5000);
    expect(ran).toEqual(['a', 'b']);
  });
});

describe('webhook events', () => {
  const change = (over: Partial<Change>): Change => ({
    type: 'page.content_updated',
    workspaceId: 'w',
    entity: { id: 'p', type: 'page' },
    parent: { id: 'w', type: 'space' },
    author: { id: 'alice', type: 'person' },
    at: 1,
    ...over,
  });

  it('merges aggregated changes: authors once each, blocks and property ids without repeats, the latest time', () => {
    const event = eventFromChange(change({ updatedBlocks: [{ id: 'b1', type: 'block' }] }));
    mergeChange(event, change({ at: 2, updatedBlocks: [{ id: 'b1', type: 'block' }, { id: 'b2', type: 'block' }] }));
    mergeChange(event, change({ at: 3, author: { id: 'bot', type: 'bot' }, updatedBlocks: [{ id: 'b3', type: 'block' }] }));
    expect(event).toMatchObject({ at: 3, authors: [{ id: 'alice', type: 'person' }, { id: 'bot', type: 'bot' }] });
    expect(event.updatedBlocks?.map((b) => b.id)).toEqual(['b1', 'b2', 'b3']);

    const schema = eventFromChange(change({ type: 'data_source.schema_updated', schemaChanges: [{ id: 'x', name: 'New', action: 'created' }] }));
    mergeChange(schema, change({ type: 'data_source.schema_updated', schemaChanges: [{ id: 'x', name: 'Renamed', action: 'updated' }] }));
    expect(schema.schemaChanges).toEqual([{ id: 'x', name: 'Renamed', action: 'created' }]);
  });

  it('signs with HMAC-SHA256 of the raw body keyed by the verification token', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(signature('what do ya want for nothing?', 'Jefe')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('applies a fault to the next matching events only', () => {
    const faults = new WebhookFaults();
    faults.add({ kind: 'duplicate', eventType: 'page.deleted', times: 2 });
    expect(faults.take('page.created', 's')).toBeNull();
    expect(faults.take('page.deleted', 's')).toBe('duplicate');
    expect(faults.take('page.deleted', 's')).toBe('duplicate');
    expect(faults.take('page.deleted', 's')).toBeNull();
  });

  it('reads the standalone webhook settings and names bad ones', () => {
    expect(readStandaloneConfig({ NOTION_SANDBOX_WEBHOOK_AGGREGATION_MS: '0', NOTION_SANDBOX_WEBHOOK_RETRY_BASE_MS: '250' }).options.webhooks).toEqual({ aggregationWindowMs: 0, retryBaseMs: 250 });
    expect(readStandaloneConfig({}).options.webhooks).toEqual({});
    expect(() => readStandaloneConfig({ NOTION_SANDBOX_WEBHOOK_AGGREGATION_MS: '-5' })).toThrow(/NOTION_SANDBOX_WEBHOOK_AGGREGATION_MS$/);
  });
});
