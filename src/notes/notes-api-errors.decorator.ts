import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from '../core/errors/error-codes';
import { ErrorResponseDto } from '../core/errors/error-response.dto';

/** Documents the error codes a notes route answers with, grouped by the status the code map gives them. */
export const ApiNoteErrors = (...codes: ErrorCode[]): MethodDecorator => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return applyDecorators(
    ...[...byStatus.entries()].map(([status, list]) => ApiResponse({ status, type: ErrorResponseDto, description: list.join(' or ') })),
  );
};
