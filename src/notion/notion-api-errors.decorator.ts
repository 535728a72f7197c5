import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from '../core/errors/error-codes';
import { ErrorResponseDto } from '../core/errors/error-response.dto';

const NOTION_CODES = Object.keys(ERROR_STATUS).filter((code) => code.startsWith('NOTION_')) as ErrorCode[];

/** Documents the Notion errors a route can answer with, grouped by the status the code map gives them. */
export const ApiNotionErrors = (): MethodDecorator & ClassDecorator => {
  const byStatus = new Map<number, string[]>();
  for (const code of NOTION_CODES) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return applyDecorators(
    ...[...byStatus.entries()].map(([status, codes]) =>
      ApiResponse({ status, type: ErrorResponseDto, description: codes.join(' or ') }),
    ),
  );
};
