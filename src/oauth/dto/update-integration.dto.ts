import { ApiProperty } from '@nestjs/swagger';
import { Equals } from 'class-validator';

export class UpdateIntegrationDto {
  @ApiProperty({ enum: [true], description: 'Make this the default integration (the only change supported)' })
  @Equals(true)
  isDefault: true;
}
