import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import { ApiErrors } from '../../core/openapi/api-errors.decorator';
import { BEARER_SCHEME, SESSION_COOKIE_SCHEME } from '../../core/openapi/openapi';

/**
 * Documents a controller (or route) behind the global session guard: either security scheme works, and
 * the errors the guard (and the global throttle in front of it) answer with. The guard itself applies
 * everywhere without this. CSRF_REJECTED is documented on the state-changing operations only.
 */
export const Authenticated = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiCookieAuth(SESSION_COOKIE_SCHEME),
    ApiErrors('UNAUTHENTICATED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'),
  );
