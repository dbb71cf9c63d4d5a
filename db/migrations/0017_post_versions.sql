CREATE TABLE `post_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`source_text` text NOT NULL,
	`source_hash` text NOT NULL,
	`replaced_at` integer NOT NULL,
	`replaced_by` text NOT NULL,
	`replaced_by_user_id` integer,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `post_versions_post_idx` ON `post_versions` (`post_id`,`replaced_at`);