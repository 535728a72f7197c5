import { ApiProperty } from '@nestjs/swagger';
import type { SessionRecord } from '../sessions/session-store';

export class SessionDto {
  @ApiProperty({ format: 'uuid', description: 'Identifies the session for revoking; it is not a credential.' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'Recorded at most once a minute.' })
  lastSeenAt: string;

  @ApiProperty({ format: 'date-time', description: 'The absolute end of the session.' })
  expiresAt: string;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0' })
  userAgent: string | null;

  @ApiProperty({ description: 'True for the session this request was made with.' })
  current: boolean;

  static from(session: SessionRecord, currentSessionId: string | undefined): SessionDto {
    return {
      id: session.id,
      createdAt: new Date(session.createdAt).toISOString(),
      lastSeenAt: new Date(session.lastSeenAt).toISOString(),
      expiresAt: new Date(session.expiresAt).toISOString(),
      ip: session.ip,
      userAgent: session.userAgent,
      current: session.id === currentSessionId,
    };
  }
}

