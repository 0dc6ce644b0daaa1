/**
 * Number formats of the manifests: Kubernetes resource quantities, int-or-percent fields, and nginx
 * sizes. Hand-written because the only library that parses quantities (@kubernetes/client-node's
 * quantityToScalar) would bring the whole API client for 40 lines, and it works in floating point:
 * `0.1` CPU would round up to 101 m. Here the arithmetic is exact (BigInt).
 */

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/**
 * A quantity in units of 10^`scale` (scale -3: milli), rounded up as Kubernetes' MilliValue/Value do.
 * Undefined when `value` is not a quantity or is negative.
 */
function scaledQuantity(value: string | number, scale: number): number | undefined {
  const match = QUANTITY.exec(typeof value === 'number' ? String(value) : value.trim());
  if (!match) return undefined;
  const [, sign, mantissa = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = mantissa.split('.');
  let numerator = BigInt(`${whole}${fraction}` || '0');
  if (sign === '-' && numerator > 0n) return undefined;
  let exponent = -fraction.length - scale;
  if (suffix in BINARY) numerator <<= BigInt(BINARY[suffix] ?? 0);
  else exponent += suffix in DECIMAL ? (DECIMAL[suffix] ?? 0) : Number(suffix.slice(1));
  const result =
    exponent >= 0 ? numerator * 10n ** BigInt(exponent) : ceilDivide(numerator, 10n ** BigInt(-exponent));
  return result <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(result) : undefined;
}

const ceilDivide = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** CPU as millicores: `"250m"` → 250, `"1"` or `1` → 1000, `"0.1"` → 100. */
export const parseCpuMillicores = (value: string | number): number | undefined => scaledQuantity(value, -3);

/** Memory as bytes: `"256Mi"` → 268435456, `"1Gi"`, `"500M"` → 500000000. */
export const parseMemoryBytes = (value: string | number): number | undefined => scaledQuantity(value, 0);

/** A percentage field's string form, `"25%"`. */
export const PERCENT = /^(\d+)%$/;

/**
 * An int-or-percent field as an absolute count of `total`, as Kubernetes'
 * GetScaledValueFromIntOrPercent: `roundUp` for maxSurge, down for maxUnavailable.
 */
export function resolveIntOrPercent(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number(PERCENT.exec(value)?.[1]);
  if (!Number.isInteger(percent))
    throw new Error(`expected an integer or a percentage such as "25%", got "${value}"`);
  const scaled = total * percent;
  return roundUp ? Math.ceil(scaled / 100) : Math.floor(scaled / 100);
}

const NGINX_SIZE = /^(\d+)([kKmMgG]?)$/;
const NGINX_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** An nginx size (`client_max_body_size` syntax) in bytes: `"100k"` → 102400, `"1m"`, `"8m"`; 0 means no limit. */
export function parseNginxSize(value: string): number | undefined {
  const match = NGINX_SIZE.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * (NGINX_UNITS[(match[2] ?? '').toLowerCase()] ?? 1);
}
