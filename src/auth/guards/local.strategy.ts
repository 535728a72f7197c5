import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { AuthService } from '../auth.service';
import type { AuthenticatedUser } from '../authenticated-user';
import { clientInfoOf } from '../decorators/client-info.decorator';

/** Passport's email + password strategy; the checks themselves (limits, timing, hashes) are AuthService's. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  validate(request: Request, email: string, password: string): Promise<AuthenticatedUser> {
    return this.auth.verifyCredentials(email, password, clientInfoOf(request).ip);
  }
}
