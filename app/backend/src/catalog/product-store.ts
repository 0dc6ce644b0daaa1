import type { Database } from '../db/database.js';
import { HttpError, notFound } from '../http/errors.js';
import { isConstraintViolation } from './db-errors.js';
import { takaToPoisha } from './money.js';
import { PRODUCT_COLUMNS, toProduct, type Product, type ProductInput, type ProductRow } from './product.js';

/** The catalogue's SQL. Every value goes in as a parameter; only fixed column names are spliced in. */

export interface ProductQuery {
  search?: string;
  category?: string;
  limit: number;
  offset: number;
}

export interface ProductPage {
  items: Product[];
  total: number;
  limit: number;
  offset: number;
}

/** Escapes LIKE's wildcards so a search for "100%" or "a_b" matches those characters literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** At most this many words of a search are matched (each must appear somewhere). */
const MAX_SEARCH_TERMS = 8;

export async function listProducts(db: Database, q: ProductQuery): Promise<ProductPage> {
  const where: string[] = [];
  const values: unknown[] = [];
  const terms = (q.search ?? '').split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_TERMS);
  for (const term of terms) {
    values.push(escapeLike(term));
    where.push(`search_text LIKE '%' || lower($${values.length}::text) || '%'`);
  }
  if (q.category) {
    values.push(q.category);
    where.push(`category = $${values.length}`);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  values.push(q.limit, q.offset);
  // count(*) OVER () gives the total with the page in one round trip; (name, id) is a stable order.
  const page = await db.read<ProductRow & { total: string }>(
    `SELECT ${PRODUCT_COLUMNS}, count(*) OVER () AS total FROM products ${filter}
     ORDER BY name, id LIMIT $${values.length - 1} OFFSET $${values.length}`,
    values,
  );
  let total = Number(page.rows[0]?.total ?? 0);
  if (page.rows.length === 0 && q.offset > 0) {
    // Past the end there is no row to carry the window count.
    const count = await db.read<{ total: string }>(
      `SELECT count(*) AS total FROM products ${filter}`,
      values.slice(0, -2),
    );
    total = Number(count.rows[0]?.total ?? 0);
  }
  return { items: page.rows.map(toProduct), total, limit: q.limit, offset: q.offset };
}

export async function getProduct(db: Database, id: number): Promise<Product> {
  const result = await db.read<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1`, [id]);
  const row = result.rows[0];
  if (!row) throw notFound(`Product ${id}`);
  return toProduct(row);
}

export async function listCategories(db: Database): Promise<{ name: string; count: number }[]> {
  const result = await db.read<{ name: string; count: number }>(
    'SELECT category AS name, count(*)::int AS count FROM products GROUP BY category ORDER BY category',
  );
  return result.rows;
}

function skuTaken(sku: string | undefined) {
  return new HttpError(409, 'sku_taken', `Another product already has the SKU "${sku}"; SKUs are unique.`);
}

export async function createProduct(db: Database, input: ProductInput): Promise<Product> {
  try {
    const result = await db.query<ProductRow>(
      `INSERT INTO products (sku, name, description, category, price_poisha, stock, image_url)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${PRODUCT_COLUMNS}`,
      [
        input.sku,
        input.name,
        input.description,
        input.category,
        takaToPoisha(input.price),
        input.stock,
        input.imageUrl ?? null,
      ],
    );
    return toProduct(result.rows[0] as ProductRow);
  } catch (err) {
    if (isConstraintViolation(err, '23505', 'products_sku_unique')) throw skuTaken(input.sku);
    throw err;
  }
}

/** API field → column (and how its value is stored). A fixed map: no client text reaches the SQL. */
const COLUMNS: Record<keyof ProductInput, { column: string; toDb?: (v: unknown) => unknown }> = {
  sku: { column: 'sku' },
  name: { column: 'name' },
  description: { column: 'description' },
  category: { column: 'category' },
  price: { column: 'price_poisha', toDb: (v) => takaToPoisha(v as number) },
  stock: { column: 'stock' },
  imageUrl: { column: 'image_url' },
};

export async function updateProduct(
  db: Database,
  id: number,
  changes: Partial<ProductInput>,
): Promise<Product> {
  const sets: string[] = [];
  const values: unknown[] = [id];
  for (const [field, value] of Object.entries(changes) as [keyof ProductInput, unknown][]) {
    const spec = COLUMNS[field];
    if (!spec) continue;
    values.push(spec.toDb ? spec.toDb(value) : value);
    sets.push(`${spec.column} = $${values.length}`);
  }
  try {
    const result = await db.query<ProductRow>(
      `UPDATE products SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${PRODUCT_COLUMNS}`,
      values,
    );
    const row = result.rows[0];
    if (!row) throw notFound(`Product ${id}`);
    return toProduct(row);
  } catch (err) {
    if (isConstraintViolation(err, '23505', 'products_sku_unique')) throw skuTaken(changes.sku);
    throw err;
  }
}
