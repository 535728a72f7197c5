import { DiscoveryService } from '@nestjs/core';
import type { z } from 'zod';
import type { AuthenticatedUser } from '../auth/authenticated-user';

/** Who a tool runs for: always the authenticated caller, never anything taken from the arguments. */
export interface ToolContext {
  userId: string;
  user: AuthenticatedUser;
  /** Which surface called the tool (for logs and audit; handlers must not branch on it). */
  via: 'rest' | 'mcp' | 'assistant';
}

/**
 * What a tool does to the world, as MCP clients and models are told (MCP `ToolAnnotations`). Every tool states all
 * four, and each must be true of it: a test holds every tool to a table.
 * - readOnlyHint: it changes nothing.
 * - destructiveHint: it may delete or overwrite what is there (meaningful only when not read-only).
 * - idempotentHint: calling it again with the same arguments changes nothing more.
 * - openWorldHint: it reaches outside the product (the user's Notion workspace, a language model).
 */
export interface ToolAnnotations {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/**
 * One agent tool, defined once and served over REST (`/tools`), MCP (`/mcp`) and to the assistant's model.
 *
 * - `name`: `snake_case`, at most 64 characters (OpenAI's function-name rule).
 * - `title`: a short human name, shown by MCP clients.
 * - `description`: written for a language model: what the tool does, when to use it, what it returns.
 * - `annotations`: what it does to the world (see ToolAnnotations).
 * - `output`: a zod object describing what `run` returns; MCP publishes it as the tool's `outputSchema` and
 *   sends the result as `structuredContent` beside the text.
 * - `confirmation`: for a destructive tool, what one call would do, in words for the person who must confirm it
 *   before the server-side assistant runs it; null when this call destroys nothing (e.g. an append). A
 *   destructive tool without it always needs confirmation.
 * - `input`: a zod object made by `toolInput(Dto)` from the class-validator DTO the REST route validates with
 *   (see dto-input.ts; a test refuses a hand-written one); the JSON Schema every surface publishes is derived
 *   from it, and arguments are validated with it (unknown keys refused). It never holds a user id: identity
 *   comes from `ToolContext`.
 * - `run`: returns compact JSON (plain objects, Markdown for content), never raw upstream objects. Throw a
 *   `DomainError` for an expected failure; its code reaches the caller unchanged.
 */
export interface AgentToolDefinition<Input extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly annotations: ToolAnnotations;
  readonly input: Input;
  readonly output: z.ZodObject;
  confirmation?(args: z.output<Input>): string | null;
  run(ctx: ToolContext, args: z.output<Input>): Promise<unknown>;
}

/**
 * Marks a provider as an agent tool; the ToolRegistry discovers every marked provider of the application at
 * start-up, whichever module provides it. Adding a tool is one file, an `@AgentTool() @Injectable()` class
 * implementing AgentToolDefinition, listed in its feature module's providers (see account/get-account.tool.ts).
 */
export const AgentTool = DiscoveryService.createDecorator<void>();
