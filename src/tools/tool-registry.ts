import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { z } from 'zod';
import type { FieldError } from '../core/errors/domain-error';
import { AgentTool, type AgentToolDefinition, type ToolAnnotations, type ToolContext } from './tool-definition';
import { ToolArgumentsInvalidError, ToolNotFoundError } from './tools.errors';

/** A JSON Schema object, as published to clients and models. */
export type JsonSchema = Record<string, unknown>;

/** A tool as every surface publishes it: the same name, description and input schema everywhere. */
export interface PublishedTool {
  name: string;
  title: string;
  description: string;
  annotations: ToolAnnotations;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
}

/** A call that a person must confirm before it runs (see AgentToolDefinition.confirmation). */
export interface ConfirmationNeeded {
  /** The validated arguments, as the tool will get them. */
  args: unknown;
  /** What the call would do, in words. */
  description: string;
}

interface RegisteredTool extends PublishedTool {
  definition: AgentToolDefinition;
  /** The definition's input with unknown keys refused. */
  input: z.ZodObject;
}

/** OpenAI's rule for function names, kept for every tool so that any surface can publish it. */
const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Every agent tool of the application, discovered at start-up (see AgentTool). Publishes each tool's input
 * as JSON Schema derived once from its zod schema, validates arguments with that same schema, and runs the
 * tool as the caller given in the context.
 */
@Injectable()
export class ToolRegistry implements OnModuleInit {
  private readonly logger = new Logger(ToolRegistry.name);
  private readonly tools = new Map<string, RegisteredTool>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: AgentTool.KEY })) {
      // Tools take the caller from their context, so they are singletons; a request-scoped one is a mistake.
      if (!wrapper.isDependencyTreeStatic() || !wrapper.instance) {
        throw new Error(`Tool provider ${wrapper.name} must be a singleton`);
      }
      this.register(wrapper.instance as AgentToolDefinition);
    }
  }

  register(definition: AgentToolDefinition): void {
    const { name } = definition;
    if (!TOOL_NAME.test(name)) throw new Error(`Tool name "${name}" must match ${TOOL_NAME}`);
    if (this.tools.has(name)) throw new Error(`Two tools are named "${name}"`);
    if (!definition.description?.trim()) throw new Error(`Tool "${name}" has no description`);
    if (!definition.title?.trim()) throw new Error(`Tool "${name}" has no title`);
    const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint } = definition.annotations;
    if (readOnlyHint && destructiveHint) throw new Error(`Tool "${name}" cannot be both read-only and destructive`);
    const input = definition.input.strict();
    const description = definition.description.trim();
    const annotations = { readOnlyHint, destructiveHint, idempotentHint, openWorldHint };
    const outputSchema = toJsonSchema(definition.output, 'output');
    this.tools.set(name, { name, title: definition.title.trim(), description, annotations, inputSchema: toJsonSchema(input), outputSchema, definition, input });
  }

  /** The tools, sorted by name. */
  list(): PublishedTool[] {
    return [...this.tools.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name, title, description, annotations, inputSchema, outputSchema }) => ({ name, title, description, annotations, inputSchema, outputSchema }));
  }

  /**
   * Whether this call must be confirmed by a person before it runs: for a destructive tool, what it would do;
   * null for a call that destroys nothing, and for arguments that would be refused anyway (the run reports them).
   */
  confirmationFor(name: string, args: unknown): ConfirmationNeeded | null {
    const tool = this.tools.get(name);
    if (!tool?.annotations.destructiveHint) return null;
    const parsed = tool.input.safeParse(args ?? {});
    if (!parsed.success) return null;
    const { confirmation } = tool.definition;
    const description = confirmation ? confirmation.call(tool.definition, parsed.data) : `Run ${tool.title} (${name})`;
    return description === null ? null : { args: parsed.data, description };
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  /**
   * Validates the arguments and runs the tool as `ctx.userId`. Throws ToolNotFoundError, ToolArgumentsInvalidError
   * (before the tool runs), or whatever the tool throws (domain errors keep their codes).
   */
  async invoke(ctx: ToolContext, name: string, args: unknown): Promise<unknown> {
    const tool = this.tools.get(name);
    if (!tool) throw new ToolNotFoundError(name);
    const parsed = tool.input.safeParse(args ?? {});
    if (!parsed.success) throw new ToolArgumentsInvalidError(fieldErrors(parsed.error));
    this.logger.log({ tool: name, userId: ctx.userId, via: ctx.via }, 'Tool run');
    const result = await tool.definition.run(ctx, parsed.data);
    // The published outputSchema must stay true (MCP clients validate structuredContent against it); a
    // mismatch is a bug of ours, logged, and the result still reaches the caller.
    const checked = tool.definition.output.safeParse(result);
    if (!checked.success) this.logger.warn({ tool: name, issues: checked.error.issues.slice(0, 5) }, 'Tool result does not match its outputSchema');
    return result;
  }
}

function toJsonSchema(schema: z.ZodObject, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io }) as JsonSchema;
  return json;
}

/** One entry per field path (`title`, `items.0.name`); an unknown key is named as its own field. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const byField = new Map<string, string[]>();
  const add = (field: string, message: string) => byField.set(field, [...(byField.get(field) ?? []), message]);
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(path ? `${path}.${key}` : key, 'is not an argument of this tool');
    } else {
      add(path || 'arguments', issue.message);
    }
  }
  return [...byField].map(([field, messages]) => ({ field, messages }));
}
