import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiErrors } from '../../core/openapi/api-errors.decorator';

export const SESSION_ONLY = 'auth:session-only';

/**
 * A route (or controller) that an API key may not use, only a signed-in session: everything that creates,
 * lists or ends credentials. A key that could mint keys would outlive its own revocation; one that could
 * end sessions could lock its user out. The guard answers such a request 403 API_KEY_NOT_ALLOWED.
 */
export const SessionOnly = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    SetMetadata(SESSION_ONLY, true),
    ApiErrors('API_KEY_NOT_ALLOWED'),
  );
