import { ApiProperty } from '@nestjs/swagger';

export class WebhookReceiptDto {
  @ApiProperty({
    enum: ['verification_token', 'event', 'duplicate', 'unknown_workspace'],
    description:
      'What was received: the handshake\'s token (kept encrypted), a new event (queued), a redelivery of one already received, ' +
      'or an event of a workspace no integration here is connected to (acknowledged, not kept)',
  })
  received!: 'verification_token' | 'event' | 'duplicate' | 'unknown_workspace';
}

export class VerificationTokenDto {
  @ApiProperty({ description: 'The token to paste into the subscription in the integration\'s Webhooks settings' })
  verificationToken!: string;

  @ApiProperty({ description: 'First 12 hex digits of its SHA-256, as the logs name it', example: '3f2a9c0d81be' })
  fingerprint!: string;

  @ApiProperty({ enum: ['environment', 'handshake'], description: 'Configured (NOTION_WEBHOOK_VERIFICATION_TOKEN) or delivered by the handshake' })
  source!: 'environment' | 'handshake';

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the handshake delivered it (null when configured)' })
  receivedAt!: string | null;
}
