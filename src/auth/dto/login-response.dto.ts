import { ApiProperty } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../authenticated-user';
import type { NewSession } from '../sessions/session.service';
import { UserDto } from './user.dto';

export class LoginResponseDto {
  @ApiProperty({
    description: 'The session token, shown this once. Send it as `Authorization: Bearer <token>`; browsers get it as the pa_session cookie too.',
    example: 'q0Vbq3J1l8m7Wc7pXyG0oQ2Z2sF4pVb7Jm3bWcTq9aE',
  })
  token: string;

  @ApiProperty({ format: 'date-time', description: 'When the session ends at the latest (it ends earlier when left idle).' })
  expiresAt: string;

  @ApiProperty({ type: UserDto })
  user: UserDto;

  static from(created: NewSession, user: AuthenticatedUser): LoginResponseDto {
    return { token: created.token, expiresAt: new Date(created.session.expiresAt).toISOString(), user: UserDto.from(user) };
  }
}
