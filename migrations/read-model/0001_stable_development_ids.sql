CREATE TABLE `development_aliases` (
	`alias_id` text PRIMARY KEY NOT NULL,
	`development_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `development_aliases_development_idx` ON `development_aliases` (`development_id`);--> statement-breakpoint
DROP INDEX `articles_development_idx`;--> statement-breakpoint
ALTER TABLE `articles` ADD `lead_article_id` text;--> statement-breakpoint
CREATE INDEX `articles_development_idx` ON `articles` (`development_id`,`discovered_at`,`article_id`);--> statement-breakpoint
-- Files written before this migration: a development's lead is its is_lead member (hand-added data step; the schema above is drizzle-kit's).
UPDATE `articles` SET `lead_article_id` = (SELECT l.`article_id` FROM `articles` l WHERE l.`development_id` = `articles`.`development_id` AND l.`is_lead` = 1) WHERE `development_id` IS NOT NULL;
