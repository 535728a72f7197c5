import { SetMetadata } from '@nestjs/common';

export const SESSION_ONLY = 'auth:session-only';

/**
 * A route (or controller) that an API key may not use, only a signed-in session: everything that creates,
 * lists or ends credentials. A key that could mint keys would outlive its own revocation.
 */
export const SessionOnly = (): ClassDecorator & MethodDecorator => SetMetadata(SESSION_ONLY, true);
