import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { VISIBLE_ONLY, canonicalEmail, canonicalPassword } from '../users/email';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const ifString = (fn: (s: string) => string) => ({ value }: { value: unknown }) => (typeof value === 'string' ? fn(value) : value);

/** Email input: canonical form (trimmed, NFKC); refused when it holds characters nobody can see. */
export const asEmail = ifString(canonicalEmail);
export const asPassword = ifString(canonicalPassword);
export const VISIBLE_ONLY_MESSAGE = '$property must not contain spaces or invisible characters';

export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @Transform(asEmail)
  @IsEmail()
  @Matches(VISIBLE_ONLY, { message: VISIBLE_ONLY_MESSAGE })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @Transform(asPassword)
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password: string;

  @ApiProperty({ description: 'Display name', example: 'Ada Lovelace', minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;
}
