import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** A delivered body as the tests read it (the contract check holds it to Notion's schemas). */
export interface DeliveredBody {
  [key: string]: unknown;
  id: string;
  timestamp: string;
  type: string;
  subscription_id: string;
  attempt_number: number;
  accessible_by?: unknown[];
  entity: { id: string; type: string };
  data: { parent: Record<string, string>; updated_blocks?: Array<{ id: string; type: string }>; updated_properties?: unknown[] };
  verification_token?: string;
}

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived (what a signature covers). */
  raw: string;
  body: DeliveredBody;
}

/**
 * A webhook endpoint for the tests: records every POST as it arrived and answers with the
 * statuses it is told to (then 200), or not at all while `hang` is set.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  /** Statuses for the next requests, in order; 200 once used up. */
  readonly statuses: number[] = [];
  hang = false;
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.received.push({ headers: req.headers, raw, body: JSON.parse(raw) as DeliveredBody });
        if (this.hang) return;
        res.writeHead(this.statuses.shift() ?? 200, { 'content-type': 'text/plain' });
        res.end('ok');
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/notion/webhooks`;
  }

  /** The token of the verification request (the handshake). */
  verificationToken(): string {
    const handshake = this.received.find((d) => typeof d.body.verification_token === 'string');
    if (!handshake) throw new Error('no verification request received');
    return String(handshake.body.verification_token);
  }

  /** Event deliveries (the handshake left out), in arrival order. */
  events(): ReceivedDelivery[] {
    return this.received.filter((d) => d.body.verification_token === undefined);
  }

  types(): string[] {
    return this.events().map((d) => String(d.body.type));
  }

  clear(): void {
    this.received.length = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
