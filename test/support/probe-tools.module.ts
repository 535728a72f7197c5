import { Injectable, Module } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError } from '../../src/core/errors/domain-error';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../src/tools/tool-definition';

/** Every context a probe tool was run with, in order (tests read and clear it). */
export const probeCalls: Array<{ tool: string; ctx: ToolContext; args: unknown }> = [];

const echoInput = z.object({
  text: z.string().min(1).describe('Any text'),
  count: z.number().int().min(1).max(5).default(1),
  options: z.strictObject({ shout: z.boolean() }).optional(),
});

/** Test-only: echoes its arguments and who it ran for. */
@AgentTool()
@Injectable()
export class ProbeEchoTool implements AgentToolDefinition<typeof echoInput> {
  readonly name = 'probe_echo';
  readonly output = z.object({ echo: z.string(), ranFor: z.string() });
  readonly title = 'Probe: echo';
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly description = 'Test tool: echoes the text and says who it ran for.';
  readonly input = echoInput;

  run(ctx: ToolContext, args: z.output<typeof echoInput>): Promise<unknown> {
    probeCalls.push({ tool: this.name, ctx, args });
    const text = args.options?.shout ? args.text.toUpperCase() : args.text;
    return Promise.resolve({ echo: Array(args.count).fill(text).join(' '), ranFor: ctx.userId });
  }
}

const failInput = z.object({ how: z.enum(['not_found', 'crash']) });

/** Test-only: fails with a domain error (its code must reach the caller) or with a bug (must not crash anything). */
@AgentTool()
@Injectable()
export class ProbeFailTool implements AgentToolDefinition<typeof failInput> {
  readonly name = 'probe_fail';
  readonly output = z.object({});
  readonly title = 'Probe: fail';
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly description = 'Test tool: fails on purpose.';
  readonly input = failInput;

  run(ctx: ToolContext, args: z.output<typeof failInput>): Promise<unknown> {
    probeCalls.push({ tool: this.name, ctx, args });
    if (args.how === 'not_found') return Promise.reject(new NotFoundError('Probe page'));
    return Promise.reject(new Error('probe bug: secret-internal-detail'));
  }
}

const wipeInput = z.object({ what: z.string().min(1) });

/** Test-only: a destructive tool (the assistant must hold it for the user's confirmation). */
@AgentTool()
@Injectable()
export class ProbeWipeTool implements AgentToolDefinition<typeof wipeInput> {
  readonly name = 'probe_wipe';
  readonly output = z.object({ wiped: z.string(), ranFor: z.string() });
  readonly title = 'Probe: wipe';
  readonly annotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false };
  readonly description = 'Test tool: pretends to wipe something.';
  readonly input = wipeInput;

  confirmation(args: z.output<typeof wipeInput>): string {
    return `Wipe ${args.what}`;
  }

  run(ctx: ToolContext, args: z.output<typeof wipeInput>): Promise<unknown> {
    probeCalls.push({ tool: this.name, ctx, args });
    return Promise.resolve({ wiped: args.what, ranFor: ctx.userId });
  }
}

@Module({ providers: [ProbeEchoTool, ProbeFailTool, ProbeWipeTool] })
export class ProbeToolsModule {}
