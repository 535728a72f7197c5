import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

/** The authorization request the AI client sent, as /app/authorize received it in its address. */
export class McpAuthorizationRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  client_id: string;

  @ApiProperty({ example: 'https://client.example/callback' })
  @IsString()
  @Length(1, 2000)
  redirect_uri: string;

  @ApiProperty({ description: 'PKCE S256 challenge (base64url of a SHA-256)', example: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'code_challenge must be an S256 challenge (43 base64url characters)' })
  code_challenge: string;

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
  client_name: string;

  @ApiProperty({ example: 'claude.ai', description: 'Where the browser goes back to, with the code' })
  redirect_host: string;

  @ApiProperty({ type: [String], example: ['Use the assistant\'s tools as you: read, search, create and change your notes and Notion pages'] })
  can: string[];
}

export class McpAuthorizationRedirectDto {
  @ApiProperty({ description: 'Send the browser there: the client\'s redirect URI with the code (or the refusal) and its state' })
  redirect_to: string;
}

/** An AI client the person allowed, as /app lists it. */
export class McpClientGrantDto {
  @ApiProperty({ format: 'uuid', description: 'Revoke it with DELETE /auth/mcp-clients/{grant_id}' })
  grant_id: string;

  @ApiProperty({ example: 'Claude' })
  client_name: string;

  @ApiProperty({ format: 'date-time', description: 'When it was first allowed' })
  created_at: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it last called /mcp (to the minute)' })
  last_used_at: string | null;
}

