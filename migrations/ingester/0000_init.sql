CREATE TABLE `feed_aliases` (
	`url` text PRIMARY KEY NOT NULL,
	`feed_url` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `feeds` (
	`url` text PRIMARY KEY NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`site_url` text,
	`lang` text,
	`id_scope` text NOT NULL,
	`origin` text NOT NULL,
	`active` integer DEFAULT 1 NOT NULL,
	`etag` text,
	`last_modified` text,
	`next_poll_at` integer DEFAULT 0 NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`last_status` text,
	`last_http_status` integer,
	`last_error` text,
	`last_polled_at` integer,
	`last_success_at` integer,
	`item_count` integer DEFAULT 0 NOT NULL,
	`added_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `feeds_next_poll` ON `feeds` (`next_poll_at`);--> statement-breakpoint
CREATE TABLE `seen_articles` (
	`article_id` text PRIMARY KEY NOT NULL,
	`content_hash` text NOT NULL,
	`hashes` text NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`feed_url` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
