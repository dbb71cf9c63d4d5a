-- Generations for the cache of rendered pages (see app/utils/page-cache.server.ts). A cached
-- page remembers the generations of the scopes it was drawn from and is served only while they
-- are unchanged. Triggers bump them, so every writer (the server, the content sync, a script)
-- invalidates exactly the pages its change can reach:
--   'site'        settings, the list of posts and their tags, people's names and badges: every page;
--   'post:<slug>' a post's published comments: that post's pages;
--   'comments'    any published comment: listings with comment counts, search and feeds.
CREATE TABLE `page_generations` (
	`scope` text PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `page_generations_posts_ai` AFTER INSERT ON `posts` BEGIN
	INSERT INTO page_generations (scope, generation) VALUES ('site', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
-- Not on published_comment_count: the comment triggers cover it without invalidating every page.
CREATE TRIGGER `page_generations_posts_au` AFTER UPDATE OF
	slug, title, date, author, area, area_slug, summary, comments_mode, body_html, status
	ON `posts` BEGIN
	INSERT INTO page_generations (scope, generation) VALUES ('site', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_posts_ad` AFTER DELETE ON `posts` BEGIN
	INSERT INTO page_generations (scope, generation) VALUES ('site', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_post_tags_ai` AFTER INSERT ON `post_tags` BEGIN
	INSERT INTO page_generations (scope, generation) VALUES ('site', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_post_tags_au` AFTER UPDATE ON `post_tags` BEGIN
	INSERT INTO page_generations (scope, generation) VALUES ('site', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_post_tags_ad` AFTER DELETE ON `post_tags` BEGIN
	INSERT INTO page_generations (scope, generation) VALUES ('site', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_settings_ai` AFTER INSERT ON `settings` BEGIN
	INSERT INTO page_generations (scope, generation) VALUES ('site', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_settings_au` AFTER UPDATE ON `settings` BEGIN
	INSERT INTO page_generations (scope, generation) VALUES ('site', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_settings_ad` AFTER DELETE ON `settings` BEGIN
	INSERT INTO page_generations (scope, generation) VALUES ('site', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_users_au` AFTER UPDATE OF display_name, role, verified
	ON `users` BEGIN
	INSERT INTO page_generations (scope, generation) VALUES ('site', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_comments_ai` AFTER INSERT ON `comments`
	WHEN new.state = 'published' BEGIN
	INSERT INTO page_generations (scope, generation)
	VALUES ('post:' || (SELECT slug FROM posts WHERE id = new.post_id), 1), ('comments', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_comments_au` AFTER UPDATE ON `comments`
	WHEN old.state = 'published' OR new.state = 'published' BEGIN
	INSERT INTO page_generations (scope, generation)
	VALUES ('post:' || (SELECT slug FROM posts WHERE id = new.post_id), 1), ('comments', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_generations_comments_ad` AFTER DELETE ON `comments`
	WHEN old.state = 'published' BEGIN
	INSERT INTO page_generations (scope, generation)
	VALUES ('post:' || (SELECT slug FROM posts WHERE id = old.post_id), 1), ('comments', 1)
	ON CONFLICT (scope) DO UPDATE SET generation = generation + 1;
END;
