import { Injectable } from '@nestjs/common';
import { InvalidCredentialsError } from './auth.errors';
import type { AuthenticatedUser } from './authenticated-user';
import { LoginAttemptsLimiter } from './login-attempts.limiter';
import { PasswordHasher } from './passwords/password-hasher';
import { UsersRepository } from './users/users.repository';
import { toAuthenticatedUser } from './users/users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly limiter: LoginAttemptsLimiter,
  ) {}

  /**
   * Checks a sign-in. An unknown email and a wrong password fail alike, with the same error and about the
   * same time (an unknown email is checked against a dummy hash).
   */
  async verifyCredentials(email: string, password: string, ip: string | null): Promise<AuthenticatedUser> {
    await this.limiter.consume(email, ip);
    const user = await this.users.findByEmail(email);
    if (!user) {
      await this.passwords.verifyNothing(password);
      throw new InvalidCredentialsError();
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) throw new InvalidCredentialsError();
    await this.limiter.succeeded(email);
    return toAuthenticatedUser(user);
  }
}
