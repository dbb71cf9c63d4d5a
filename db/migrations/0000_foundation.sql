CREATE TABLE `post_tags` (
	`post_id` integer NOT NULL,
	`tag_slug` text NOT NULL,
	`tag` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`post_id`, `tag_slug`),
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `post_tags_tag_idx` ON `post_tags` (`tag_slug`,`post_id`);--> statement-breakpoint
CREATE TABLE `posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`date` text NOT NULL,
	`author` text NOT NULL,
	`area` text,
	`area_slug` text,
	`summary` text NOT NULL,
	`comments_mode` text DEFAULT 'open' NOT NULL,
	`body_html` text NOT NULL,
	`source_path` text NOT NULL,
	`source_hash` text NOT NULL,
	`status` text DEFAULT 'published' NOT NULL,
	`published_comment_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `posts_slug_unique` ON `posts` (`slug`);--> statement-breakpoint
CREATE INDEX `posts_status_date_idx` ON `posts` (`status`,`date`,`id`);--> statement-breakpoint
CREATE INDEX `posts_area_idx` ON `posts` (`area_slug`,`status`,`date`);--> statement-breakpoint
CREATE INDEX `posts_source_path_idx` ON `posts` (`source_path`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
