import type { DiscoveryService } from '@nestjs/core';
import { z } from 'zod';
import type { AgentToolDefinition, ToolContext } from '../../src/tools/tool-definition';
import { ToolRegistry } from '../../src/tools/tool-registry';

const ctx: ToolContext = { userId: 'u1', user: { id: 'u1', email: 'a@example.test', name: 'A', createdAt: new Date(0) }, via: 'rest' };

function tool(overrides: Partial<AgentToolDefinition> = {}): AgentToolDefinition {
  return {
    name: 'sample_tool',
    title: 'Sample tool',
    description: 'A sample tool for the registry rules.',
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    output: z.object({ title: z.string() }),
    input: z.object({ title: z.string(), items: z.array(z.strictObject({ n: z.number() })).optional() }),
    run: (_ctx, args) => Promise.resolve(args),
    ...overrides,
  };
}

describe('ToolRegistry rules', () => {
  const registry = () => new ToolRegistry({} as DiscoveryService);

  it('refuses names a model cannot call, duplicates and empty descriptions', () => {
    for (const name of ['Bad', 'has space', 'dash-ed', '1st', 'x'.repeat(65), '']) {
      expect(() => registry().register(tool({ name }))).toThrow(/must match/);
    }
    const r = registry();
    r.register(tool());
    expect(() => r.register(tool())).toThrow(/Two tools/);
    expect(() => registry().register(tool({ description: '  ' }))).toThrow(/no description/);
    expect(() => registry().register(tool({ title: ' ' }))).toThrow(/no title/);
    const contradictory = { readOnlyHint: true, destructiveHint: true, idempotentHint: true, openWorldHint: false };
    expect(() => registry().register(tool({ annotations: contradictory }))).toThrow(/read-only and destructive/);
  });

  it('asks for confirmation of destructive calls only: by the tool\'s own words, or by default for every call', () => {
    const destructive = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
    const r = registry();
    r.register(tool());
    r.register(tool({ name: 'wipe_all', annotations: destructive }));
    r.register(
      tool({
        name: 'maybe_wipe',
        annotations: destructive,
        confirmation: (args: Record<string, unknown>) => (args.title === 'wipe' ? 'Wipe it' : null),
      }),
    );
    expect(r.confirmationFor('sample_tool', { title: 'x' })).toBeNull();
    expect(r.confirmationFor('wipe_all', { title: 'x' })).toEqual({ args: { title: 'x' }, description: 'Run Sample tool (wipe_all)' });
    expect(r.confirmationFor('maybe_wipe', { title: 'wipe' })).toEqual({ args: { title: 'wipe' }, description: 'Wipe it' });
    expect(r.confirmationFor('maybe_wipe', { title: 'keep' })).toBeNull();
    // Arguments the tool would refuse are not held: the run reports them to the model.
    expect(r.confirmationFor('wipe_all', { title: 3 })).toBeNull();
    expect(r.confirmationFor('no_such_tool', {})).toBeNull();
  });

  it('publishes the strict JSON Schema derived from the zod input, without the $schema dialect key', () => {
    const r = registry();
    r.register(tool());
    expect(r.list()).toEqual([
      {
        name: 'sample_tool',
        title: 'Sample tool',
        description: 'A sample tool for the registry rules.',
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        inputSchema: {
          type: 'object',
          properties: {
            title: { type: 'string' },
            items: { type: 'array', items: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'], additionalProperties: false } },
          },
          required: ['title'],
          additionalProperties: false,
        },
        outputSchema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false },
      },
    ]);
  });

  it('names nested field paths and unknown keys in validation details', async () => {
    const r = registry();
    r.register(tool());
    await expect(r.invoke(ctx, 'sample_tool', { title: 1, items: [{ n: 'x', m: 1 }], userId: 'u2' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      options: {
        details: expect.arrayContaining([
          { field: 'title', messages: [expect.any(String)] },
          { field: 'items.0.n', messages: [expect.any(String)] },
          { field: 'items.0.m', messages: ['is not an argument of this tool'] },
          { field: 'userId', messages: ['is not an argument of this tool'] },
        ]),
      },
    });
    await expect(r.invoke(ctx, 'sample_tool', { title: 't' })).resolves.toEqual({ title: 't' });
    await expect(r.invoke(ctx, 'other', {})).rejects.toMatchObject({ code: 'TOOL_NOT_FOUND' });
  });
});
