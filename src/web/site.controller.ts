import { Controller, Get, Header, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../core/http/public.decorator';
import { webAsset } from './web-asset';

/** The site's root: a person who opens the bare address lands on /app; browsers get the app's icon. */
@ApiExcludeController()
@Public()
@Controller()
export class SiteController {
  private readonly icon = webAsset('favicon.svg');

  @Get()
  @Redirect('/app', 302)
  root(): void {}

  /** Browsers ask for /favicon.ico by themselves; an SVG answers it (every current browser renders one). */
  @Get(['favicon.ico', 'favicon.svg'])
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'public, max-age=86400')
  favicon(): string {
    return this.icon;
  }
}
