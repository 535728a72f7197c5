import { Header } from '@nestjs/common';

/** For responses that carry a session, a token or the signed-in user: no cache may keep them. */
export const NoStore = (): MethodDecorator => Header('Cache-Control', 'no-store');
