import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../core/http/public.decorator';
import { webAsset as asset } from './web-asset';

/**
 * The browser page: sign up / sign in, connect Notion, the user's workspaces. Static HTML with its scripts
 * and one stylesheet from this origin (no inline code, so the CSP needs no exception), talking to the API.
 */
@ApiExcludeController()
@Public()
@Controller('app')
export class WebController {
  private readonly html = asset('app.html');
  private readonly script = asset('app.js');
  private readonly kit = asset('page-kit.js');
  private readonly apiKeys = asset('api-keys.js');
  private readonly aiClients = asset('ai-clients.js');
  private readonly styles = asset('app.css');
  private readonly authorizeHtml = asset('authorize.html');
  private readonly authorizeScript = asset('authorize.js');

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(): string {
    return this.html;
  }

  @Get('app.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  javascript(): string {
    return this.script;
  }

  @Get('page-kit.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  pageKit(): string {
    return this.kit;
  }

  @Get('api-keys.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  apiKeysScript(): string {
    return this.apiKeys;
  }

  /** Where an AI client's OAuth sign-in (src/mcp-auth) sends the browser: the person allows or denies it. */
  @Get('authorize')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  authorizePage(): string {
    return this.authorizeHtml;
  }

  @Get('authorize.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  authorizeJavascript(): string {
    return this.authorizeScript;
  }

  @Get('ai-clients.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  aiClientsScript(): string {
    return this.aiClients;
  }

  @Get('app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  stylesheet(): string {
    return this.styles;
  }
}
