import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { AppConfig } from '../core/config/app-config';
import { REDIS } from '../core/redis/redis.tokens';
import { OAuthAuditEntryEntity } from './audit/oauth-audit-entry.entity';
import { OAuthAuditLog } from './audit/oauth-audit.log';
import { RequestMetaContext, RequestMetaInterceptor } from './audit/request-meta.context';
import { OAuthManager } from './connect/oauth-manager.service';
import { IntegrationEvents } from './integration-events';
import { IntegrationDirectory } from './integrations/integration-directory.service';
import { OAuthIdentityBindingEntity } from './integrations/oauth-identity-binding.entity';
import { OAuthIntegrationEntity } from './integrations/oauth-integration.entity';
import { OAuthIntegrationService } from './integrations/oauth-integration.service';
import { IntegrationsController } from './integrations.controller';
import { OAuthClock } from './oauth-clock';
import { OAuthConnectController } from './oauth-connect.controller';
import { NotionOAuthProvider } from './providers/notion-oauth.provider';
import { OAUTH_PROVIDERS } from './providers/oauth-provider';
import { OAuthProviderRegistry } from './providers/oauth-provider.registry';
import { OAuthSecurityService } from './security/oauth-security.service';
import { TokenKeyring, loadTokenKeyring } from './security/token-keyring';
import { MemoryOAuthStateStore } from './state/memory-oauth-state.store';
import { OAuthStateStore } from './state/oauth-state.store';
import { RedisOAuthStateStore } from './state/redis-oauth-state.store';
import { OAuthTokenService } from './tokens/oauth-token.service';

/**
 * Connecting OAuth providers (Notion today) and keeping their tokens: the connect flow, the encrypted token
 * vault with single-flight refresh, the integrations API and the audit log. Where Notion is (the
 * NotionEndpoint its provider calls) is the composition root's choice (src/notion-endpoint.module.ts).
 */
@Module({
  imports: [TypeOrmModule.forFeature([OAuthIntegrationEntity, OAuthAuditEntryEntity, OAuthIdentityBindingEntity])],
  controllers: [OAuthConnectController, IntegrationsController],
  providers: [
    { provide: TokenKeyring, inject: [AppConfig], useFactory: loadTokenKeyring },
    OAuthSecurityService,
    NotionOAuthProvider,
    { provide: OAUTH_PROVIDERS, inject: [NotionOAuthProvider], useFactory: (notion: NotionOAuthProvider) => [notion] },
    OAuthProviderRegistry,
    {
      provide: OAuthStateStore,
      inject: [REDIS],
      useFactory: (redis: Redis | null): OAuthStateStore =>
        redis ? new RedisOAuthStateStore(redis) : new MemoryOAuthStateStore(),
    },
    OAuthClock,
    RequestMetaContext,
    RequestMetaInterceptor,
    // Every route (this module's and those of modules using the token vault) gets request meta for the audit.
    { provide: APP_INTERCEPTOR, useExisting: RequestMetaInterceptor },
    OAuthAuditLog,
    IntegrationEvents,
    OAuthTokenService,
    OAuthIntegrationService,
    IntegrationDirectory,
    OAuthManager,
  ],
  exports: [OAuthAuditLog, OAuthTokenService, OAuthIntegrationService, IntegrationDirectory, IntegrationEvents, OAuthSecurityService],
})
export class OAuthModule {}
