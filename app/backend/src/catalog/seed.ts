import type { Database } from '../db/database.js';
import { takaToPoisha } from './money.js';
import { SEED_PRODUCTS } from './seed-products.js';

/**
 * Any constant both replicas agree on: the transaction-level advisory lock under which one replica
 * seeds while the others wait and then find the table filled.
 */
const SEED_LOCK_KEY = 4_207_300_002;

/**
 * Inserts the seed catalogue when the products table is empty; safe to call from every replica.
 * A catalogue that already has products is left alone. ON CONFLICT (sku) DO NOTHING covers the one
 * thing the lock does not: an admin creating a product under a seed SKU in the same instant.
 */
export async function seedCatalogue(db: Database): Promise<void> {
  await db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const existing = await client.query('SELECT 1 FROM products LIMIT 1');
    if (existing.rowCount) return;
    await client.query(
      `INSERT INTO products (sku, name, description, category, price_poisha, stock)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[])
       ON CONFLICT (sku) DO NOTHING`,
      [
        SEED_PRODUCTS.map((p) => p.sku),
        SEED_PRODUCTS.map((p) => p.name),
        SEED_PRODUCTS.map((p) => p.description),
        SEED_PRODUCTS.map((p) => p.category),
        SEED_PRODUCTS.map((p) => takaToPoisha(p.price)),
        SEED_PRODUCTS.map((p) => p.stock),
      ],
    );
  });
}
