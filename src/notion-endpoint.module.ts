import { Global, Module } from '@nestjs/common';
import { AppConfig } from './core/config/app-config';
import { EmbeddedModule } from './embedded/embedded.module';
import { EmbeddedNotionEndpoint } from './embedded/embedded-notion.endpoint';
import { ConfiguredNotionEndpoint } from './oauth/providers/configured-notion.endpoint';
import { NotionEndpoint } from './oauth/providers/notion-endpoint';

/**
 * The composition root's choice of where Notion is: the configured public integration (NOTION_CLIENT_ID
 * set) or the embedded sandbox. Its users (the OAuth provider, the gateway) depend on the abstract
 * NotionEndpoint only, so neither oauth/ nor notion/ imports embedded/ (a lint rule keeps it so) and the
 * folders form no cycle. Global so that they need not import the root's module to get it.
 */
@Global()
@Module({
  imports: [EmbeddedModule],
  providers: [
    {
      provide: NotionEndpoint,
      inject: [AppConfig, EmbeddedNotionEndpoint],
      useFactory: (config: AppConfig, embedded: EmbeddedNotionEndpoint): NotionEndpoint =>
        config.usesEmbeddedNotion ? embedded : new ConfiguredNotionEndpoint(config),
    },
  ],
  exports: [NotionEndpoint],
})
export class NotionEndpointModule {}
