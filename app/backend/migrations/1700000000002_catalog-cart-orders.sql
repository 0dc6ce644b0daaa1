-- Up Migration

-- Catalogue. Money is integer poisha (1 taka = 100 poisha) so sums are exact; the API speaks taka.
CREATE TABLE products (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku text NOT NULL CONSTRAINT products_sku_unique UNIQUE
    CONSTRAINT products_sku_format CHECK (sku ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$' AND length(sku) <= 40),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  category text NOT NULL CHECK (category ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(category) <= 40),
  price_poisha integer NOT NULL CHECK (price_poisha > 0),
  -- The last line of defence for "stock never goes below zero": checkout also guards its UPDATE.
  stock integer NOT NULL CONSTRAINT products_stock_not_negative CHECK (stock >= 0),
  image_url text CHECK (length(image_url) <= 2048),
  -- What product search matches (case-insensitive substring of name, description and category).
  search_text text GENERATED ALWAYS AS (lower(name || ' ' || description || ' ' || category)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Listing order is (name, id); these serve the unfiltered and the per-category pages.
CREATE INDEX products_name_id_idx ON products (name, id);
CREATE INDEX products_category_name_id_idx ON products (category, name, id);

-- Substring search (LIKE '%term%') wants a trigram index. pg_trgm ships with PostgreSQL's contrib
-- (present in the embedded-postgres binaries, the postgres image and RDS) and is a trusted extension,
-- but a locked-down server may still refuse it: then search still works, by sequential scan.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is unavailable (%): product search will scan the table', SQLERRM;
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX products_search_trgm_idx ON products USING gin (search_text gin_trgm_ops)';
  ELSE
    CREATE INDEX products_search_prefix_idx ON products (search_text text_pattern_ops);
  END IF;
END
$$;

-- One row per (user, product): adding the same product again raises the quantity.
CREATE TABLE cart_items (
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  product_id integer NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  quantity integer NOT NULL CONSTRAINT cart_items_quantity_range CHECK (quantity BETWEEN 1 AND 100),
  added_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, product_id)
);
CREATE INDEX cart_items_product_id_idx ON cart_items (product_id);

-- The unique (user_id, idempotency_key) is what makes a retried checkout return the first order
-- instead of placing a second one, even when the two requests race.
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  status text NOT NULL DEFAULT 'placed'
    CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')),
  total_poisha bigint NOT NULL CHECK (total_poisha >= 0),
  idempotency_key text NOT NULL CHECK (idempotency_key ~ '^[A-Za-z0-9_-]{8,128}$'),
  -- sha256 of the normalised request body: the same key with another body is refused (422).
  request_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orders_user_idempotency_key_unique UNIQUE (user_id, idempotency_key)
);
CREATE INDEX orders_user_created_idx ON orders (user_id, created_at DESC, id DESC);

-- Name and price are copied at order time: later catalogue edits do not rewrite past orders.
CREATE TABLE order_items (
  order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id integer NOT NULL REFERENCES products (id),
  product_name text NOT NULL,
  price_poisha integer NOT NULL CHECK (price_poisha > 0),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);

-- Down Migration

DROP TABLE IF EXISTS order_items;
DROP TABLE IF EXISTS orders;
DROP TABLE IF EXISTS cart_items;
DROP TABLE IF EXISTS products;
-- pg_trgm stays: other objects may use it, and dropping an extension needs more privilege.
