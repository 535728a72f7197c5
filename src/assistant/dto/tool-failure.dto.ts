import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldErrorDto } from '../../core/errors/error-response.dto';

/** Why a tool run failed, as the assistant reports it. */
export class ToolFailureDto {
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty()
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  details?: FieldErrorDto[];

  @ApiPropertyOptional({ description: 'For an unexpected failure: the id it was logged under' })
  errorId?: string;
}
