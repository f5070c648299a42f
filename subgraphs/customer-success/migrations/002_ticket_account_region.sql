-- The region of the account a ticket belongs to, as sales records it. Sales
-- owns regions; customer success carries them so that access to tickets can
-- follow access to accounts (a sales rep sees the tickets of the accounts of
-- their region), without reading sales' tables.
ALTER TABLE tickets ADD COLUMN account_region text;
CREATE INDEX tickets_account_region ON tickets (account_region);
-- Seeded data predates the column: seed again (seedOnce starts afresh without its state).
DROP TABLE IF EXISTS seed_state;
