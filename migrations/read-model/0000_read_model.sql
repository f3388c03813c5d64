CREATE TABLE `announced_developments` (
	`development_id` text PRIMARY KEY NOT NULL,
	`opened_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `articles` (
	`article_id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`feed_url` text NOT NULL,
	`lang` text,
	`published_at` text,
	`discovered_at` text NOT NULL,
	`relevant` integer NOT NULL,
	`topics` text DEFAULT '[]' NOT NULL,
	`entities` text DEFAULT '[]' NOT NULL,
	`taxonomy_version` text NOT NULL,
	`content_hash` text NOT NULL,
	`development_id` text,
	`is_lead` integer DEFAULT 0 NOT NULL,
	`classified_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `articles_development_idx` ON `articles` (`development_id`);--> statement-breakpoint
CREATE INDEX `articles_discovered_idx` ON `articles` (`discovered_at`,`article_id`);--> statement-breakpoint
CREATE INDEX `articles_relevant_window_idx` ON `articles` (`discovered_at`,`article_id`) WHERE relevant = 1;--> statement-breakpoint
CREATE INDEX `articles_lead_window_idx` ON `articles` (`discovered_at`,`article_id`) WHERE is_lead = 1;--> statement-breakpoint
CREATE TABLE `development_articles` (
	`development_id` text NOT NULL,
	`article_id` text NOT NULL,
	`added_at` text NOT NULL,
	PRIMARY KEY(`development_id`, `article_id`)
);
--> statement-breakpoint
CREATE INDEX `development_articles_article_idx` ON `development_articles` (`article_id`);--> statement-breakpoint
CREATE TABLE `development_topics` (
	`topic` text NOT NULL,
	`development_id` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`topic`, `development_id`)
);
--> statement-breakpoint
CREATE INDEX `development_topics_updated_idx` ON `development_topics` (`topic`,`updated_at`,`development_id`);--> statement-breakpoint
CREATE INDEX `development_topics_development_idx` ON `development_topics` (`development_id`);--> statement-breakpoint
CREATE TABLE `latest_developments` (
	`development_id` text PRIMARY KEY NOT NULL,
	`headline` text NOT NULL,
	`url` text NOT NULL,
	`source` text NOT NULL,
	`topics` text NOT NULL,
	`first_seen_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`article_count` integer NOT NULL,
	`source_count` integer NOT NULL,
	`lead_article_id` text NOT NULL,
	`entities` text DEFAULT '[]' NOT NULL,
	`langs` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `latest_developments_updated_idx` ON `latest_developments` (`updated_at`,`development_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`subject` text NOT NULL,
	`payload` text NOT NULL,
	`source_seq` integer NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_event_id_unique` ON `outbox` (`event_id`);--> statement-breakpoint
CREATE INDEX `outbox_pending_idx` ON `outbox` (`id`) WHERE sent_at IS NULL;--> statement-breakpoint
CREATE TABLE `projector_position` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`last_event_time` text,
	`events_applied` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `read_model_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `taxonomy_versions` (
	`version` text PRIMARY KEY NOT NULL,
	`first_seq` integer NOT NULL
);
