import { ApiProperty } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../authenticated-user';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ description: 'Display name', example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(user: AuthenticatedUser): UserDto {
    return { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt.toISOString() };
  }
}
