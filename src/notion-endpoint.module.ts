import { Global, Module } from '@nestjs/common';
import { AppConfig } from './core/config/app-config';
import { EmbeddedModule } from './embedded/embedded.module';
import { EmbeddedNotionEndpoint } from './embedded/embedded-notion.endpoint';
import { EmbeddedWebhookSubscriptions } from './embedded/embedded-webhook-subscriptions';
import { ManualWebhookSubscriptions } from './notes/changes/manual-webhook-subscriptions';
import { WebhookSubscriptions } from './notes/changes/webhook-subscriptions';
import { ConfiguredNotionEndpoint } from './oauth/providers/configured-notion.endpoint';
import { NotionEndpoint } from './oauth/providers/notion-endpoint';

/**
 * The composition root's choice of where Notion is: the configured public integration (NOTION_CLIENT_ID
 * set) or the embedded sandbox. Its users depend on abstract ports only: the OAuth provider and the gateway
 * on NotionEndpoint, the webhook intake and worker on WebhookSubscriptions (who subscribes the app to
 * Notion's webhooks: an operator in Notion's settings, or the app itself in the sandbox). So no feature
 * folder but embedded/ imports embedded/ (a lint rule keeps it so) and the folders form no cycle. Global so
 * that they need not import the root's module to get them.
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
    {
      provide: WebhookSubscriptions,
      inject: [AppConfig, EmbeddedNotionEndpoint],
      useFactory: (config: AppConfig, embedded: EmbeddedNotionEndpoint): WebhookSubscriptions =>
        config.usesEmbeddedNotion ? new EmbeddedWebhookSubscriptions(embedded) : new ManualWebhookSubscriptions(),
    },
  ],
  exports: [NotionEndpoint, WebhookSubscriptions],
})
export class NotionEndpointModule {}
