import { newId } from '../core/ids';

/**
 * What can go wrong between Notion and a receiver, on purpose: `duplicate` sends an event twice
 * (same id, same attempt), `reorder` holds an event back until the next one for the same
 * subscription has gone out, as Notion's "at least once, in no particular order" allows.
 */
export type WebhookFaultKind = 'duplicate' | 'reorder';

export interface WebhookFaultSpec {
  kind: WebhookFaultKind;
  /** Only events of this type (any when omitted). */
  eventType?: string;
  /** Only deliveries to this subscription (any when omitted). */
  subscriptionId?: string;
  /** Apply to the next N matching events. Default 1 unless `probability` is given (then unlimited). */
  times?: number;
  /** Apply to this fraction (0..1] of matching events. */
  probability?: number;
}

export interface WebhookFault extends WebhookFaultSpec {
  id: string;
  remaining: number | null;
  applied: number;
}

export const WEBHOOK_FAULT_KINDS: WebhookFaultKind[] = ['duplicate', 'reorder'];

export class WebhookFaults {
  private faults: WebhookFault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: WebhookFaultSpec): WebhookFault {
    const fault: WebhookFault = { ...spec, id: newId(), remaining: spec.times ?? (spec.probability === undefined ? 1 : null), applied: 0 };
    this.faults.push(fault);
    return { ...fault };
  }

  list(): WebhookFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault that applies to this event's first attempt, consuming one of its uses. */
  take(eventType: string, subscriptionId: string): WebhookFaultKind | null {
    for (const fault of this.faults) {
      if (fault.eventType && fault.eventType !== eventType) continue;
      if (fault.subscriptionId && fault.subscriptionId !== subscriptionId) continue;
      if (fault.probability !== undefined && this.random() >= fault.probability) continue;
      fault.applied += 1;
      if (fault.remaining !== null) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      }
      return fault.kind;
    }
    return null;
  }
}
