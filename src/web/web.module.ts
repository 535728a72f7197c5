import { Module } from '@nestjs/common';
import { SiteController } from './site.controller';
import { WebController } from './web.controller';

@Module({ controllers: [SiteController, WebController] })
export class WebModule {}
