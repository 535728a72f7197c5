import { Body, Controller, Get, HttpCode, HttpStatus, Post, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors, BODY_ERRORS } from '../core/openapi/api-errors.decorator';
import { NoStore } from '../core/http/no-store.decorator';
import { Public } from '../core/http/public.decorator';
import type { AuthenticatedUser } from './authenticated-user';
import { SessionOnly } from './api-keys/session-only.decorator';
import { Authenticated } from './decorators/authenticated.decorator';
import { Client } from './decorators/client-info.decorator';
import { CurrentSessionId, CurrentUser } from './decorators/current-user.decorator';
import { LoginResponseDto } from './dto/login-response.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { UserDto } from './dto/user.dto';
import { LocalAuthGuard } from './guards/local-auth.guard';
import { SessionCookieService } from './sessions/session-cookie.service';
import { SessionService, type ClientInfo } from './sessions/session.service';
import { UsersService } from './users/users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionService,
    private readonly cookies: SessionCookieService,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account (then sign in with POST /auth/login)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(...BODY_ERRORS, 'EMAIL_TAKEN', 'CSRF_REJECTED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async register(@Body() body: RegisterDto): Promise<UserDto> {
    return UserDto.from(await this.users.register(body));
  }

  @Public()
  @UseGuards(LocalAuthGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in: returns a new session token once and sets the pa_session cookie' })
  @NoStore()
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(...BODY_ERRORS, 'INVALID_CREDENTIALS', 'CSRF_REJECTED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE')
  async login(
    @Body() _credentials: LoginDto,
    @CurrentUser() user: AuthenticatedUser,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    const created = await this.sessions.create(user.id, client);
    this.cookies.set(response, created.token, created.session.expiresAt);
    return LoginResponseDto.from(created, user);
  }

  @Authenticated()
  @SessionOnly()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session and clear the cookie' })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiErrors('CSRF_REJECTED')
  async logout(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentSessionId() sessionId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.sessions.end(user.id, sessionId);
    this.cookies.clear(response);
  }

  @Authenticated()
  @SessionOnly()
  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End every session of this user, this one included' })
  @ApiNoContentResponse({ description: 'Signed out everywhere' })
  @ApiErrors('CSRF_REJECTED')
  async logoutAll(@CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.sessions.revokeAll(user.id);
    this.cookies.clear(response);
  }

  @Authenticated()
  @Get('me')
  @NoStore()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthenticatedUser): UserDto {
    return UserDto.from(user);
  }
}
