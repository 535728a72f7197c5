import { ApiErrors } from '../core/openapi/api-errors.decorator';
import type { ErrorCode } from '../core/errors/error-codes';
import { OAUTH_ERROR_STATUS } from '../oauth/oauth.errors';
import { NOTION_ERROR_STATUS } from './notion.errors';

/** Every Notion error code, the connection's and the Notion layer's: what an operation reaching Notion can answer. */
export const NOTION_ERRORS = Object.keys({ ...OAUTH_ERROR_STATUS, ...NOTION_ERROR_STATUS }).filter((code) =>
  code.startsWith('NOTION_'),
) as ErrorCode[];

/** Documents the Notion errors a route can answer with, derived from the code map like every other error. */
export const ApiNotionErrors = (...extra: ErrorCode[]): MethodDecorator & ClassDecorator => ApiErrors(...NOTION_ERRORS, ...extra);
