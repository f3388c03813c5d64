CREATE TABLE `channel_health` (
	`channel` text PRIMARY KEY NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`next_try_at` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`last_failure_at` integer,
	`last_success_at` integer,
	`sent_total` integer DEFAULT 0 NOT NULL,
	`failed_total` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `deliveries` (
	`alert_key` text NOT NULL,
	`channel` text NOT NULL,
	`development_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`payload` text NOT NULL,
	`source_count` integer DEFAULT 0 NOT NULL,
	`topics` text DEFAULT '[]' NOT NULL,
	`hold_reason` text,
	`digest_key` text,
	`created_at` integer NOT NULL,
	`released_at` integer,
	`sent_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	PRIMARY KEY(`alert_key`, `channel`)
);
--> statement-breakpoint
CREATE INDEX `deliveries_channel_status` ON `deliveries` (`channel`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_development` ON `deliveries` (`development_id`,`channel`);--> statement-breakpoint
CREATE INDEX `deliveries_created` ON `deliveries` (`created_at`);