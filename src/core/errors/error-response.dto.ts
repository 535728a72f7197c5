import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ type: [String], example: ['email must be an email'] })
  messages: string[];
}

/** The one shape of every error body the API returns. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  // Its `enum`, every code, is filled in by createOpenApiDocument: this class is decorated before the features
  // have registered theirs.
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty({ example: 'The request is invalid.' })
  message: string;

  @ApiProperty({ example: '5f0c8a8e-3b0e-4d7e-9a55-6f3c1c1b2d4e' })
  requestId: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  details?: FieldErrorDto[];
}
