import { Module } from '@nestjs/common';
import { EmbeddedNotionEndpoint } from './embedded-notion.endpoint';

/** What the zero-config start hosts itself (today: the Notion sandbox). */
@Module({ providers: [EmbeddedNotionEndpoint], exports: [EmbeddedNotionEndpoint] })
export class EmbeddedModule {}
