import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { McpAccessVerifier } from '../auth/mcp-access';
import { OAuthModule } from '../oauth/oauth.module';
import { McpAuthAudit } from './mcp-auth.audit';
import { McpAuthController } from './mcp-auth.controller';
import { McpClientEntity, McpGrantEntity, McpTokenEntity } from './mcp-auth.entities';
import { McpAuthRepository } from './mcp-auth.repository';
import { McpAuthSettings } from './mcp-auth.settings';
import { McpConsentService } from './mcp-consent.service';
import { McpOAuthProvider } from './mcp-oauth.provider';

/**
 * AI clients signing in to /mcp with OAuth (the MCP authorization specification), this service being the
 * authorization server for its own /mcp. Global so that the session guard finds McpAccessVerifier.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([McpClientEntity, McpGrantEntity, McpTokenEntity]), OAuthModule],
  controllers: [McpAuthController],
  providers: [
    McpAuthSettings,
    McpAuthRepository,
    McpAuthAudit,
    McpOAuthProvider,
    McpConsentService,
    { provide: McpAccessVerifier, useExisting: McpOAuthProvider },
  ],
  exports: [McpAccessVerifier, McpAuthSettings, McpOAuthProvider],
})
export class McpAuthModule {}
