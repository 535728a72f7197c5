import { isIP } from 'node:net';
import { z } from 'zod';

/** Express's `trust proxy` setting, in the forms we accept: off, all (never in production), hops, or addresses. */
export type TrustProxy = boolean | number | string[];

/** Names Express (proxy-addr) understands for well-known ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY, in Express's own forms: `false` (default: the socket address is the client), a hop count
 * (`1`: one proxy in front, its X-Forwarded-For entry is the client), or a comma-separated list of the
 * proxies' addresses, CIDR ranges and `loopback` / `linklocal` / `uniquelocal`. `true` trusts any
 * X-Forwarded-For a client cares to send; it is refused in production (see loadConfig).
 */
export const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): TrustProxy => {
    const lower = value.toLowerCase();
    if (lower === 'false' || lower === '') return false;
    if (lower === 'true') return true;
    if (/^\d+$/.test(lower)) return Number(lower) === 0 ? false : Number(lower);
    const entries = lower.split(',').map((s) => s.trim()).filter(Boolean);
    if (entries.length > 0 && entries.every(isAddressOrRange)) return entries;
    ctx.addIssue({
      code: 'custom',
      message: 'must be false, a hop count, or a comma-separated list of proxy addresses, CIDR ranges, loopback, linklocal, uniquelocal',
    });
    return z.NEVER;
  });
