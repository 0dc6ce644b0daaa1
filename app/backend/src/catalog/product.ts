import { CURRENCY, poishaToTaka } from './money.js';

/** A product as the API shows it (prices in taka). */
export interface Product {
  id: number;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: number;
  currency: typeof CURRENCY;
  stock: number;
  imageUrl: string | null;
}

/** A `products` row as selected by PRODUCT_COLUMNS. */
export interface ProductRow {
  id: number;
  sku: string;
  name: string;
  description: string;
  category: string;
  price_poisha: number;
  stock: number;
  image_url: string | null;
}

export const PRODUCT_COLUMNS = 'id, sku, name, description, category, price_poisha, stock, image_url';

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    category: row.category,
    price: poishaToTaka(row.price_poisha),
    currency: CURRENCY,
    stock: row.stock,
    imageUrl: row.image_url,
  };
}

/** What an admin may set on a product (POST needs all but imageUrl; PATCH any subset). */
export interface ProductInput {
  sku: string;
  name: string;
  description: string;
  category: string;
  price: number;
  stock: number;
  imageUrl?: string | null;
}

export const PRODUCT_INPUT_FIELDS = [
  'sku',
  'name',
  'description',
  'category',
  'price',
  'stock',
  'imageUrl',
] as const;
