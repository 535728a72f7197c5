import { UuidParamDto } from '../core/http/uuid-param.dto';
import { Controller, Delete, Get, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NoStore } from '../core/http/no-store.decorator';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import type { AuthenticatedUser } from './authenticated-user';
import { SessionOnly } from './api-keys/session-only.decorator';
import { Authenticated } from './decorators/authenticated.decorator';
import { CurrentSessionId, CurrentUser } from './decorators/current-user.decorator';
import { SessionDto } from './dto/session.dto';
import { SessionService } from './sessions/session.service';

@ApiTags('auth')
@Authenticated()
@SessionOnly()
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Get()
  @NoStore()
  @ApiOperation({ summary: "This user's live sessions, newest first" })
  @ApiOkResponse({ type: [SessionDto] })
  async list(@CurrentUser() user: AuthenticatedUser, @CurrentSessionId() currentId: string): Promise<SessionDto[]> {
    return (await this.sessions.list(user.id)).map((session) => SessionDto.from(session, currentId));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End one of this user\'s sessions (e.g. a lost device)' })
  @ApiNoContentResponse({ description: 'The session is ended' })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'CSRF_REJECTED')
  async revoke(@CurrentUser() user: AuthenticatedUser, @Param() params: UuidParamDto): Promise<void> {
    await this.sessions.revoke(user.id, params.id);
  }
}
