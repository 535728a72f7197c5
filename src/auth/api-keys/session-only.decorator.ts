import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../core/errors/error-response.dto';

export const SESSION_ONLY = 'auth:session-only';

/**
 * A route (or controller) that an API key may not use, only a signed-in session: everything that creates,
 * lists or ends credentials. A key that could mint keys would outlive its own revocation; one that could
 * end sessions could lock its user out. The guard answers such a request 403 API_KEY_NOT_ALLOWED.
 */
export const SessionOnly = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    SetMetadata(SESSION_ONLY, true),
    ApiForbiddenResponse({ type: ErrorResponseDto, description: 'API_KEY_NOT_ALLOWED: API keys cannot manage keys or sessions' }),
  );
