-- The desk lists the posts with comments waiting and how many: counted from this index alone.
CREATE INDEX `comments_state_post_idx` ON `comments` (`state`,`post_id`);