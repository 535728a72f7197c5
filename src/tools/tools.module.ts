import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module';
import { GetAccountTool } from './account/get-account.tool';
import { McpServerFactory } from './mcp/mcp-server.factory';
import { McpController } from './mcp/mcp.controller';
import { ToolRegistry } from './tool-registry';
import { ToolsController } from './tools.controller';

/**
 * The agent tool registry, served over REST (`/tools`) and MCP (`/mcp`). Tools of other features are
 * discovered wherever they are provided (see AgentTool); this module provides only the account tool.
 */
@Module({
  imports: [DiscoveryModule, AuthModule],
  controllers: [ToolsController, McpController],
  providers: [ToolRegistry, McpServerFactory, GetAccountTool],
  exports: [ToolRegistry],
})
export class ToolsModule {}
