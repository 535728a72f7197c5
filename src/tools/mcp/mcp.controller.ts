import { Body, Controller, Delete, Get, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { Authenticated } from '../../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../../auth/decorators/current-user.decorator';
import { McpResource } from '../../auth/decorators/mcp-resource.decorator';
import { ApiErrors } from '../../core/openapi/api-errors.decorator';
import { McpMethodNotAllowedError } from './mcp.errors';
import { McpServerFactory } from './mcp-server.factory';

/**
 * MCP over Streamable HTTP, stateless: every POST builds a server for the authenticated caller, answers
 * with JSON and is forgotten. No MCP session id is issued, so there is no session to share between
 * instances, reap, or hijack: identity is re-established from the Authorization header on every request.
 * The tools are request/response, so the server never needs to push (GET's SSE stream is refused with 405).
 */
@ApiTags('mcp')
@Authenticated()
@McpResource()
@Controller('mcp')
export class McpController {
  constructor(private readonly servers: McpServerFactory) {}

  @Post()
  @ApiOperation({
    summary: 'MCP (Streamable HTTP) endpoint: add it to an MCP client by URL (OAuth sign-in), or send `Authorization: Bearer <API key>`',
    description:
      'The errors listed below come before MCP sees the request. A body that is JSON but not a valid JSON-RPC ' +
      'message, or an Accept header without application/json and text/event-stream, is answered by the MCP ' +
      'transport with a 4xx whose body is a JSON-RPC error object.',
  })
  @ApiBody({ description: 'A JSON-RPC message (or batch) of the Model Context Protocol', schema: { type: 'object' } })
  @ApiOkResponse({ description: 'The JSON-RPC response', schema: { type: 'object' } })
  @ApiErrors('MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'CSRF_REJECTED')
  async handle(
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: unknown,
  ): Promise<void> {
    const server = this.servers.create({ userId: user.id, user, via: 'mcp' });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
  }

  @Get()
  @ApiExcludeEndpoint()
  stream(@Res({ passthrough: true }) response: Response): never {
    response.setHeader('Allow', 'POST');
    throw new McpMethodNotAllowedError();
  }

  @Delete()
  @ApiExcludeEndpoint()
  end(@Res({ passthrough: true }) response: Response): never {
    response.setHeader('Allow', 'POST');
    throw new McpMethodNotAllowedError();
  }
}
