CREATE TABLE `moderator_alert_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`comment_id` integer NOT NULL,
	`report_id` integer,
	`route` text NOT NULL,
	`queued_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `moderator_alert_items_user_idx` ON `moderator_alert_items` (`user_id`,`sent_at`,`queued_at`);--> statement-breakpoint
CREATE TABLE `moderator_alert_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `moderator_alert_sends_user_idx` ON `moderator_alert_sends` (`user_id`,`kind`,`sent_at`);--> statement-breakpoint
CREATE TABLE `moderator_alert_settings` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`setting` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
