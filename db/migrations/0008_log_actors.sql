-- The log's "By" filter lists who has acted by seeking from one name to the next in this index,
-- instead of reading the whole log (see listLogActors).
CREATE INDEX `moderation_log_actor_idx` ON `moderation_log` (`actor`);