-- Full-text search over published posts and comments (see app/models/search.server.ts).
-- search_documents holds the plain text of each post and comment (HTML stripped in application
-- code, which SQL cannot do); search_fts is an external-content FTS5 index over it, kept in step
-- by the usual three triggers. search_queue is filled by triggers on posts, post_tags and
-- comments: whatever code changes them, the index learns which rows to rebuild, and
-- refreshSearchIndex() empties the queue before every search.
CREATE TABLE `search_documents` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL CHECK (`kind` IN ('post', 'comment')),
	`ref_id` integer NOT NULL,
	`post_id` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`body` text NOT NULL,
	`tags` text NOT NULL,
	`area` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_documents_ref_idx` ON `search_documents` (`kind`,`ref_id`);--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts` USING fts5(
	title, summary, body, tags, area,
	content = 'search_documents',
	content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
--> statement-breakpoint
CREATE TRIGGER `search_documents_ai` AFTER INSERT ON `search_documents` BEGIN
	INSERT INTO search_fts (rowid, title, summary, body, tags, area)
	VALUES (new.id, new.title, new.summary, new.body, new.tags, new.area);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_ad` AFTER DELETE ON `search_documents` BEGIN
	INSERT INTO search_fts (search_fts, rowid, title, summary, body, tags, area)
	VALUES ('delete', old.id, old.title, old.summary, old.body, old.tags, old.area);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_au` AFTER UPDATE ON `search_documents` BEGIN
	INSERT INTO search_fts (search_fts, rowid, title, summary, body, tags, area)
	VALUES ('delete', old.id, old.title, old.summary, old.body, old.tags, old.area);
	INSERT INTO search_fts (rowid, title, summary, body, tags, area)
	VALUES (new.id, new.title, new.summary, new.body, new.tags, new.area);
END;
--> statement-breakpoint
CREATE TABLE `search_queue` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL CHECK (`kind` IN ('post', 'comment')),
	`ref_id` integer NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `search_posts_ai` AFTER INSERT ON `posts` BEGIN
	INSERT INTO search_queue (kind, ref_id) VALUES ('post', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_posts_au` AFTER UPDATE OF title, summary, area, body_html, status, slug ON `posts` BEGIN
	INSERT INTO search_queue (kind, ref_id) VALUES ('post', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_posts_ad` AFTER DELETE ON `posts` BEGIN
	INSERT INTO search_queue (kind, ref_id) VALUES ('post', old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_post_tags_ai` AFTER INSERT ON `post_tags` BEGIN
	INSERT INTO search_queue (kind, ref_id) VALUES ('post', new.post_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_post_tags_au` AFTER UPDATE ON `post_tags` BEGIN
	INSERT INTO search_queue (kind, ref_id) VALUES ('post', old.post_id);
	INSERT INTO search_queue (kind, ref_id) VALUES ('post', new.post_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_post_tags_ad` AFTER DELETE ON `post_tags` BEGIN
	INSERT INTO search_queue (kind, ref_id) VALUES ('post', old.post_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_comments_ai` AFTER INSERT ON `comments` BEGIN
	INSERT INTO search_queue (kind, ref_id) VALUES ('comment', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_comments_au` AFTER UPDATE OF state, body_html, number, post_id ON `comments` BEGIN
	INSERT INTO search_queue (kind, ref_id) VALUES ('comment', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_comments_ad` AFTER DELETE ON `comments` BEGIN
	INSERT INTO search_queue (kind, ref_id) VALUES ('comment', old.id);
END;
--> statement-breakpoint
-- Everything already in the database is indexed by the first refresh.
INSERT INTO search_queue (kind, ref_id) SELECT 'post', id FROM posts;
--> statement-breakpoint
INSERT INTO search_queue (kind, ref_id) SELECT 'comment', id FROM comments;
