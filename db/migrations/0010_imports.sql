CREATE TABLE `import_origins` (
	`origin` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`local_id` integer NOT NULL,
	`imported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `old_addresses` (
	`path` text PRIMARY KEY NOT NULL,
	`post_id` integer NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE no action
);
