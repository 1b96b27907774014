-- The web service's production database, as `sqlite3 shop.db .dump` prints its schema (rows
-- left out). .ci/demo loads it into build/demo/shop-production.db and runs `schema drift` on it.
-- Planted drift, the way it happens: during an incident someone added an index by hand, a later
-- hot-fix added a column outside the migrations, and the unique index on product names was
-- dropped to get a bulk import through and never put back.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);
INSERT INTO __drizzle_migrations VALUES(NULL,'b5bd6f4ff0d5b6d4c8e0a4cf3e8a64bf2b8f93c7c0b5e8a1e0f7b0f4b1c2d3e4',1772442000000);
INSERT INTO __drizzle_migrations VALUES(NULL,'0c9a3f1e7d2b4a6c8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d',1773046800000);
CREATE TABLE `products` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`price_cents` integer NOT NULL
, sku text);
CREATE TABLE `carts` (
	`id` integer PRIMARY KEY NOT NULL,
	`product_id` integer NOT NULL REFERENCES `products`(`id`),
	`quantity` integer DEFAULT 1 NOT NULL
);
CREATE INDEX carts_product_id_idx ON carts (product_id);
COMMIT;
