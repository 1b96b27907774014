CREATE TABLE `carts` (
	`id` integer PRIMARY KEY NOT NULL,
	`product_id` integer NOT NULL REFERENCES `products`(`id`),
	`quantity` integer DEFAULT 1 NOT NULL
);
