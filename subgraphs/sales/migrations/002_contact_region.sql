-- Contacts with their account's region, so policies can filter contacts by
-- region the same way as accounts and opportunities.
CREATE VIEW contact_facts AS
SELECT c.*, a.region
FROM contacts c JOIN accounts a ON a.id = c.account_id;
