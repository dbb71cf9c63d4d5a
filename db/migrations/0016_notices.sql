CREATE TABLE `confirmed_addresses` (
	`address_key` text PRIMARY KEY NOT NULL,
	`confirmed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`user_id` integer,
	`address` text NOT NULL,
	`address_key` text NOT NULL,
	`cadence` text DEFAULT 'immediate' NOT NULL,
	`created_at` integer NOT NULL,
	`last_sent_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscriptions_target_idx` ON `subscriptions` (`kind`,`target`);--> statement-breakpoint
CREATE INDEX `subscriptions_address_idx` ON `subscriptions` (`address_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_unique_idx` ON `subscriptions` (`kind`,`target`,`address_key`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_account_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`user_id` integer,
	`detail` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_account_tokens`("token_hash", "purpose", "user_id", "detail", "created_at", "expires_at", "used_at") SELECT "token_hash", "purpose", "user_id", "detail", "created_at", "expires_at", "used_at" FROM `account_tokens`;--> statement-breakpoint
DROP TABLE `account_tokens`;--> statement-breakpoint
ALTER TABLE `__new_account_tokens` RENAME TO `account_tokens`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `account_tokens_user_idx` ON `account_tokens` (`user_id`,`purpose`);--> statement-breakpoint
CREATE INDEX `account_tokens_detail_idx` ON `account_tokens` (`purpose`,`detail`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `unsubscribe_url` text;