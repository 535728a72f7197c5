import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { VISIBLE_ONLY } from '../users/email';
import { PASSWORD_MAX_LENGTH, VISIBLE_ONLY_MESSAGE, asEmail, asPassword } from './register.dto';

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @Transform(asEmail)
  @IsEmail()
  @Matches(VISIBLE_ONLY, { message: VISIBLE_ONLY_MESSAGE })
  @MaxLength(254)
  email: string;

  // No minimum beyond 1: a sign-in must not disclose the password policy's details per account.
  @ApiProperty({ example: 'correct horse battery staple', maxLength: PASSWORD_MAX_LENGTH })
  @Transform(asPassword)
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password: string;
}
