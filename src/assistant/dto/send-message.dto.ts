import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class SendMessageDto {
  @ApiProperty({ example: 'Who am I signed in as?', maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  message: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Continue this conversation of yours; omit to start a new one' })
  @IsOptional()
  @IsUUID()
  conversationId?: string;
}
