import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { IsEmail, IsInt, IsString, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { Public } from '../../src/core/http/public.decorator';

class ProbeDto {
  @IsEmail()
  email: string;

  @IsInt()
  @Min(1)
  @Max(10)
  count: number;

  @IsString()
  note: string;
}

/** A password hash as the users table holds it, for checking that failed queries never log their values. */
export const PROBE_SECRET_HASH = '$argon2id$v=19$m=19456,t=2,p=1$cHJvYmVzYWx0cHJvYmU$cHJvYmVoYXNocHJvYmVoYXNo';

/** Test-only routes that exercise the global pipe, filter and body limits. */
@Public()
@Controller('__probe')
class ProbeController {
  constructor(private readonly db: DataSource) {}

  @Post('echo')
  echo(@Body() body: ProbeDto): ProbeDto {
    return body;
  }

  /** Takes no body: whatever is sent is never read. */
  @Post('no-body')
  noBody(): { ok: true } {
    return { ok: true };
  }

  @Get('slow')
  async slow(): Promise<{ done: true }> {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { done: true };
  }

  @Get('boom')
  boom(): never {
    throw new Error('database password=hunter2 at /srv/app/src/secret.ts:42');
  }

  /** A query PostgreSQL refuses (NUL in text) whose parameters hold a password hash. */
  @Get('db-boom')
  async dbBoom(): Promise<never> {
    await this.db.query('INSERT INTO users (email, display_name, password_hash) VALUES ($1, $2, $3)', [
      'probe@example.test',
      'nul\u0000name',
      PROBE_SECRET_HASH,
    ]);
    throw new Error('unreachable: the insert must fail');
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
