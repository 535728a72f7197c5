import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../core/http/public.decorator';

/**
 * /app/authorize: where an AI client's OAuth sign-in (see src/mcp-auth) sends the browser. Static, like /app:
 * the page signs the person in if needed, shows what the client asks for, and posts their decision.
 */
@ApiExcludeController()
@Public()
@Controller('app')
export class AuthorizePageController {
  private readonly html = readFileSync(path.join(__dirname, 'assets', 'authorize.html'), 'utf8');
  private readonly script = readFileSync(path.join(__dirname, 'assets', 'authorize.js'), 'utf8');

  @Get('authorize')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(): string {
    return this.html;
  }

  @Get('authorize.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  javascript(): string {
    return this.script;
  }
}
