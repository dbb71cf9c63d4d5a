-- Search checks the state and number of every comment that matches (thousands for a common
-- word) from this index instead of whole rows, which hold the comment's HTML.
CREATE INDEX `comments_search_idx` ON `comments` (`id`,`state`,`number`);