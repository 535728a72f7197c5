import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { IsEmail, IsInt, IsString, Max, Min } from 'class-validator';
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

/** Test-only routes that exercise the global pipe, filter and body limits. */
@Public()
@Controller('__probe')
class ProbeController {
  @Post('echo')
  echo(@Body() body: ProbeDto): ProbeDto {
    return body;
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
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
