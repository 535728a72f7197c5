import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../core/errors/error-response.dto';
import { BEARER_SCHEME, SESSION_COOKIE_SCHEME } from '../../core/openapi/openapi';

/**
 * Documents a controller (or route) behind the global session guard: either security scheme works, and
 * the errors the guard answers with. The guard itself applies everywhere without this.
 */
export const Authenticated = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiCookieAuth(SESSION_COOKIE_SCHEME),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'UNAUTHENTICATED: no live session' }),
    ApiForbiddenResponse({
      type: ErrorResponseDto,
      description: 'CSRF_REJECTED: a cookie-authenticated change from another origin',
    }),
  );
