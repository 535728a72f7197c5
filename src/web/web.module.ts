import { Module } from '@nestjs/common';
import { AuthorizePageController } from './authorize-page.controller';
import { SiteController } from './site.controller';
import { WebController } from './web.controller';

@Module({ controllers: [SiteController, WebController, AuthorizePageController] })
export class WebModule {}
