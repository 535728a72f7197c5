import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { ERROR_STATUS, type ErrorCode } from '../core/errors/error-codes';

/** Every Notion error code: what an operation that reaches Notion can answer, besides its own. */
export const NOTION_ERRORS = Object.keys(ERROR_STATUS).filter((code) => code.startsWith('NOTION_')) as ErrorCode[];

/** Documents the Notion errors a route can answer with, derived from the code map like every other error. */
export const ApiNotionErrors = (...extra: ErrorCode[]): MethodDecorator & ClassDecorator => ApiErrors(...NOTION_ERRORS, ...extra);
