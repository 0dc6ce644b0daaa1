import type pg from 'pg';
import type { OrderAttempt } from '../load/request-record.js';

/**
 * The orders the run asked for, one per (user, idempotency key): a key may have been sent more than once
 * (a retry, a replay), and what counts is the best answer it got. Acknowledged if any attempt was
 * acknowledged; else ambiguous if any attempt got no definite answer; else rejected.
 */
export interface OrderKey {
  username: string;
  idempotencyKey: string;
  outcome: OrderAttempt['outcome'];
  /** The order ids the shop returned for this key (acknowledged attempts); more than one is a bug. */
  orderIds: number[];
}

export function orderKeys(attempts: readonly OrderAttempt[]): OrderKey[] {
  const keys = new Map<string, OrderKey>();
  const rank = { acknowledged: 2, ambiguous: 1, rejected: 0 } as const;
  for (const attempt of attempts) {
    const id = `${attempt.username}\u0000${attempt.idempotencyKey}`;
    const key = keys.get(id) ?? {
      username: attempt.username,
      idempotencyKey: attempt.idempotencyKey,
      outcome: attempt.outcome,
      orderIds: [],
    };
    if (rank[attempt.outcome] > rank[key.outcome]) key.outcome = attempt.outcome;
    if (
      attempt.outcome === 'acknowledged' &&
      attempt.orderId !== undefined &&
      !key.orderIds.includes(attempt.orderId)
    )
      key.orderIds.push(attempt.orderId);
    keys.set(id, key);
  }
  return [...keys.values()];
}

/** `user/key` as a person reads it in a check's detail. */
export function label(key: Pick<OrderKey, 'username' | 'idempotencyKey'>): string {
  return `${key.username}/${key.idempotencyKey}`;
}

/**
 * The order ids stored for each (username, idempotency key) asked about, in one query. A key with no
 * order is absent from the map; the unique (user_id, idempotency_key) constraint should make every list
 * one long, and the checks verify rather than assume it.
 */
export async function storedOrders(
  client: pg.Client,
  keys: readonly OrderKey[],
): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  if (keys.length === 0) return found;
  const { rows } = await client.query<{ username: string; key: string; id: string }>(
    `SELECT u.username, o.idempotency_key AS key, o.id::text AS id
       FROM unnest($1::text[], $2::text[]) AS asked(username, key)
       JOIN users u ON u.username = asked.username
       JOIN orders o ON o.user_id = u.id AND o.idempotency_key = asked.key
      ORDER BY o.id`,
    [keys.map((k) => k.username), keys.map((k) => k.idempotencyKey)],
  );
  for (const row of rows) {
    const id = label({ username: row.username, idempotencyKey: row.key });
    found.set(id, [...(found.get(id) ?? []), Number(row.id)]);
  }
  return found;
}

/** At most `max` items of a list, then "and N more", so a detail stays one readable sentence. */
export function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
