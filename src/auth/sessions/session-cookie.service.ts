import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../../core/config/app-config';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

/** Writes and clears the browser's session cookie. */
@Injectable()
export class SessionCookieService {
  constructor(private readonly config: AppConfig) {}

  set(response: Response, token: string, expiresAt: number): void {
    response.cookie(SESSION_COOKIE, token, sessionCookieOptions(this.config, new Date(expiresAt)));
  }

  clear(response: Response): void {
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config));
  }
}
