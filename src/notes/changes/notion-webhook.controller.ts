import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../../core/config/app-config';
import { createRawBodyReader } from '../../core/http/json-body';
import { NoStore } from '../../core/http/no-store.decorator';
import { Public } from '../../core/http/public.decorator';
import { ApiErrors } from '../../core/openapi/api-errors.decorator';
import { OperatorRouteNotFoundError, OperatorUnauthenticatedError } from './notion-change.errors';
import { NotionWebhookService } from './notion-webhook.service';
import { VerificationTokenDto, WebhookReceiptDto } from './webhook.dto';
import { WebhookVerificationTokenStore } from './webhook-verification-token.store';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Notion's webhooks: public (Notion has no session here), each delivery proven by its signature instead;
 * and the operator's view of the verification token, behind OPERATOR_TOKEN.
 */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/notion')
export class NotionWebhookController {
  private readonly readBody: (req: Request, res: Response) => Promise<Buffer>;

  constructor(
    private readonly config: AppConfig,
    private readonly webhooks: NotionWebhookService,
    private readonly tokens: WebhookVerificationTokenStore,
  ) {
    this.readBody = createRawBodyReader(config.http.bodyLimit);
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Receives Notion webhook events (and the subscription handshake); for Notion, not for clients',
    description:
      'The handshake `{"verification_token": "…"}` is kept encrypted (read it at GET /webhooks/notion/verification-token). ' +
      'Every event must carry `X-Notion-Signature: sha256=<HMAC-SHA256 of the raw body, keyed with the token>`; it is stored once per id ' +
      'and answered 200 at once, then worked in the background. Unknown event types are acknowledged and ignored; events of a ' +
      'workspace no integration here is connected to are acknowledged and not kept.',
  })
  @ApiHeader({ name: 'X-Notion-Signature', required: false, description: '`sha256=<hex>`; required for events' })
  // Notion's own format (snake_case, not ours to rename): described and exemplified, not modelled field by field.
  @ApiBody({
    schema: {
      type: 'object',
      additionalProperties: true,
      description:
        'A Notion webhook event (`id`, `type`, `timestamp`, `workspace_id`, `entity`, `authors`, `accessible_by`, `data`, …), ' +
        'or the handshake `{"verification_token": "…"}`',
      example: {
        id: '0d6b1c7e-2f0a-4c4e-9d6f-3e1b2a4c5d6e',
        timestamp: '2026-12-03T10:15:02.120Z',
        workspace_id: '5b1c…',
        type: 'page.content_updated',
        authors: [{ id: '…', type: 'person' }],
        accessible_by: [{ id: '…', type: 'bot' }],
        entity: { id: '…', type: 'page' },
        data: { parent: { id: '…', type: 'space' } },
      },
    },
  })
  @ApiOkResponse({ type: WebhookReceiptDto })
  @ApiErrors('WEBHOOK_SIGNATURE_INVALID', 'MALFORMED_JSON', 'VALIDATION_FAILED', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'CSRF_REJECTED')
  async receive(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Headers('x-notion-signature') signature?: string): Promise<WebhookReceiptDto> {
    return this.webhooks.receive(await this.readBody(req, res), signature);
  }

  @Get('verification-token')
  @NoStore()
  @ApiOperation({
    summary: 'The webhook verification token to paste into Notion (operator only: Authorization: Bearer <OPERATOR_TOKEN>)',
    description: 'Answers 404 when OPERATOR_TOKEN is not set, or before any token arrived.',
  })
  @ApiOkResponse({ type: VerificationTokenDto })
  @ApiErrors('UNAUTHENTICATED', 'NOT_FOUND')
  async verificationToken(@Headers('authorization') authorization?: string): Promise<VerificationTokenDto> {
    const expected = this.config.operatorToken;
    if (!expected) throw new OperatorRouteNotFoundError();
    const given = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '';
    if (!timingSafeEqual(digest(given), digest(expected))) throw new OperatorUnauthenticatedError();
    const token = await this.tokens.current();
    if (!token) throw new OperatorRouteNotFoundError();
    return { verificationToken: token.token, fingerprint: token.fingerprint, source: token.source, receivedAt: token.receivedAt?.toISOString() ?? null };
  }
}
