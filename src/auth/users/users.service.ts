import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../authenticated-user';
import { PasswordHasher } from '../passwords/password-hasher';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export interface NewUser {
  email: string;
  password: string;
  name: string;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  /** Creates an account; EmailTakenError when the email is in use in any letter case. */
  async register(input: NewUser): Promise<AuthenticatedUser> {
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.users.create({ email: input.email, displayName: input.name, passwordHash });
    return toAuthenticatedUser(user);
  }

  async findById(id: string): Promise<AuthenticatedUser | null> {
    const user = await this.users.findById(id);
    return user ? toAuthenticatedUser(user) : null;
  }
}

export function toAuthenticatedUser(user: UserEntity): AuthenticatedUser {
  return { id: user.id, email: user.email, name: user.displayName, createdAt: user.createdAt };
}
