-- Reports keep the reporter's guest cookie and keyed address, so one person is one reporter
-- whichever key they change, and a reporter's recent reports are found by any key (rate limit).
ALTER TABLE `reports` ADD `guest_key` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `address_key` text;--> statement-breakpoint
CREATE INDEX `reports_reporter_idx` ON `reports` (`reporter_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `reports_guest_idx` ON `reports` (`guest_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `reports_address_idx` ON `reports` (`address_key`,`created_at`);