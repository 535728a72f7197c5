import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_PREFIX } from '../api-key-token';
import type { ApiKeyEntity } from '../api-key.entity';

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', description: 'Identifies the key for revoking; it is not a credential.' })
  id: string;

  @ApiProperty({ example: 'Claude Desktop' })
  name: string;

  @ApiProperty({ example: 'pak_…x9Qz', description: 'The prefix and last four characters, to tell keys apart' })
  hint: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Recorded at most once a minute.' })
  lastUsedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null: the key does not expire.' })
  expiresAt: string | null;

  static from(key: ApiKeyEntity): ApiKeyDto {
    return {
      id: key.id,
      name: key.name,
      hint: `${API_KEY_PREFIX}…${key.lastFour}`,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      expiresAt: key.expiresAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    example: 'pak_3q2-7wEjQ8xQbC5bV1fZk0aW9yq4Hc6Uo2rJmTn5s1E',
    description: 'The key. Shown this once: only its hash is kept. Send it as `Authorization: Bearer <key>`.',
  })
  key: string;
}

