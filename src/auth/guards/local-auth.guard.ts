import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { createValidationPipe } from '../../core/http/validation.pipe';
import { InvalidCredentialsError } from '../auth.errors';
import { LoginDto } from '../dto/login.dto';

/**
 * Runs the local strategy on POST /auth/login. Guards run before pipes, so the body is validated here
 * first: a malformed sign-in answers 400 VALIDATION_FAILED like any other endpoint, not a passport 401.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly validation = createValidationPipe();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    request.body = await this.validation.transform(request.body ?? {}, { type: 'body', metatype: LoginDto });
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new InvalidCredentialsError();
    return user;
  }
}
