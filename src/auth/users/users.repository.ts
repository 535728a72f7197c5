import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { EmailTakenError } from '../auth.errors';
import { normalizedEmail } from './email';
import { UserEntity } from './user.entity';

const UNIQUE_VIOLATION = '23505';

/** The users table. Emails are matched by their normalised form (NFKC, lower case), which is unique. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ emailNormalized: normalizedEmail(email) });
  }

  /** Throws EmailTakenError when the email is in use, also when two registrations race for it. */
  async create(user: Pick<UserEntity, 'email' | 'displayName' | 'passwordHash'>): Promise<UserEntity> {
    try {
      return await this.users.save(this.users.create({ ...user, emailNormalized: normalizedEmail(user.email) }));
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new EmailTakenError({ cause: error });
      }
      throw error;
    }
  }
}
