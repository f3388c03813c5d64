ALTER TABLE `channel_health` ADD `consecutive_rejections` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `channel_health` ADD `rejected_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `refusals` integer DEFAULT 0 NOT NULL;