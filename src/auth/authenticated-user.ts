import type { Request } from 'express';

/** The caller, as the guard hands it to controllers (request.user); services take it as an argument. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}

/** What the guards attach to the request. */
export interface AuthenticatedRequest extends Request {
  user?: AuthenticatedUser;
  /** The public id of the session the request came with (absent on sign-in). */
  sessionId?: string;
  /** The id of the API key the request was made with, when it came with one instead of a session. */
  apiKeyId?: string;
}
