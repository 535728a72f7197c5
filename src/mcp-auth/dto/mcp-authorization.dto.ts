import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

/**
 * The authorization request the AI client sent, as /app/authorize received it in its address. The address carries
 * OAuth's own names (client_id, redirect_uri, code_challenge: RFC 6749/7636); this is our API between /app and the
 * server, so it speaks the product's camelCase like every other route (authorize.js renames them).
 */
export class McpAuthorizationRequestDto {
  @ApiProperty({ format: 'uuid', description: 'OAuth client_id' })
  @IsUUID()
  clientId: string;

  @ApiProperty({ example: 'https://client.example/callback', description: 'OAuth redirect_uri' })
  @IsString()
  @Length(1, 2000)
  redirectUri: string;

  @ApiProperty({ description: 'OAuth code_challenge: PKCE S256 (base64url of a SHA-256)', example: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'codeChallenge must be an S256 challenge (43 base64url characters)' })
  codeChallenge: string;

  @ApiPropertyOptional({ description: "The client's own state, handed back unchanged" })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  state?: string;

  @ApiPropertyOptional({ example: 'mcp' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  scope?: string;

  @ApiPropertyOptional({ description: 'RFC 8707 resource: this service\'s /mcp', example: 'https://assistant.example.com/mcp' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  resource?: string;
}

export class McpAuthorizationDecisionDto extends McpAuthorizationRequestDto {
  @ApiProperty({ enum: ['allow', 'deny'] })
  @IsIn(['allow', 'deny'])
  decision: 'allow' | 'deny';
}

/** What the consent page shows before the person decides. */
export class McpAuthorizationInfoDto {
  @ApiProperty({ example: 'Claude' })
  clientName: string;

  @ApiProperty({ example: 'claude.ai', description: 'Where the browser goes back to, with the code' })
  redirectHost: string;

  @ApiProperty({ type: [String], example: ['Use the assistant\'s tools as you: read, search, create and change your notes and Notion pages'] })
  can: string[];
}

export class McpAuthorizationRedirectDto {
  @ApiProperty({ description: 'Send the browser there: the client\'s redirect URI with the code (or the refusal) and its state' })
  redirectTo: string;
}

/** An AI client the person allowed, as /app lists it. */
export class McpClientGrantDto {
  @ApiProperty({ format: 'uuid', description: 'Revoke it with DELETE /auth/mcp-clients/{grantId}' })
  grantId: string;

  @ApiProperty({ example: 'Claude' })
  clientName: string;

  @ApiProperty({ format: 'date-time', description: 'When it was first allowed' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it last called /mcp (to the minute)' })
  lastUsedAt: string | null;
}

