CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`parent_id` integer,
	`number` integer,
	`state` text NOT NULL,
	`poster_class` text NOT NULL,
	`author_name` text,
	`email_key` text,
	`guest_key` text,
	`address_key` text NOT NULL,
	`body_markdown` text NOT NULL,
	`body_html` text NOT NULL,
	`reasons` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comments_post_number_idx` ON `comments` (`post_id`,`number`);--> statement-breakpoint
CREATE INDEX `comments_post_guest_idx` ON `comments` (`post_id`,`guest_key`);--> statement-breakpoint
CREATE INDEX `comments_parent_idx` ON `comments` (`parent_id`);--> statement-breakpoint
CREATE INDEX `comments_address_idx` ON `comments` (`address_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_guest_idx` ON `comments` (`guest_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_email_idx` ON `comments` (`email_key`,`state`);--> statement-breakpoint
CREATE INDEX `comments_state_idx` ON `comments` (`state`,`created_at`);--> statement-breakpoint
CREATE TABLE `moderation_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer NOT NULL,
	`actor` text NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`comment_id` integer,
	`post_id` integer,
	`poster_class` text,
	`address_key` text,
	`guest_key` text,
	`reasons` text DEFAULT '[]' NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `moderation_log_created_idx` ON `moderation_log` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `moderation_log_comment_idx` ON `moderation_log` (`comment_id`);