import { Module } from '@nestjs/common';
import { AuthorizePageController } from './authorize-page.controller';
import { WebController } from './web.controller';

@Module({ controllers: [WebController, AuthorizePageController] })
export class WebModule {}
