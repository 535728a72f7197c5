import { Injectable } from '@nestjs/common';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { runToolSafely, type ToolOutcome } from '../tool-outcome';
import type { ToolContext } from '../tool-definition';
import { ToolRegistry } from '../tool-registry';

export const MCP_SERVER_INFO = { name: 'personal-assistant', version: '0.1.0' } as const;

/**
 * Builds the MCP server of one caller: the registry's tools, each run as that caller. The low-level SDK
 * Server is used (not McpServer.registerTool) so that MCP publishes exactly the registry's JSON Schemas and
 * validates with the registry's zod schemas, with the same error details as REST.
 */
@Injectable()
export class McpServerFactory {
  constructor(private readonly registry: ToolRegistry) {}

  create(ctx: ToolContext): Server {
    const server = new Server(MCP_SERVER_INFO, {
      capabilities: { tools: {} },
      instructions: `Tools of a personal assistant acting for one account (${ctx.user.email}). Every tool runs as that account.`,
    });
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: this.registry.list().map((tool) => ({
        name: tool.name,
        title: tool.title,
        description: tool.description,
        annotations: { title: tool.title, ...tool.annotations },
        inputSchema: tool.inputSchema as { type: 'object'; [key: string]: unknown },
        outputSchema: tool.outputSchema as { type: 'object'; [key: string]: unknown },
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request) =>
      toCallToolResult(await runToolSafely(this.registry, ctx, request.params.name, request.params.arguments ?? {})),
    );
    return server;
  }
}

/** A tool's JSON as text (every client reads it) and, for objects, as structured content too. */
export function toCallToolResult(outcome: ToolOutcome): CallToolResult {
  if (!outcome.ok) {
    return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: outcome.error }) }] };
  }
  const { result } = outcome;
  const structured = result !== null && typeof result === 'object' && !Array.isArray(result);
  return {
    content: [{ type: 'text', text: JSON.stringify(result ?? null) }],
    ...(structured ? { structuredContent: result as Record<string, unknown> } : {}),
  };
}
