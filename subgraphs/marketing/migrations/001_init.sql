-- Marketing domain: campaigns, their monthly spend, and the leads they bring in.
CREATE TABLE campaigns (
  id text PRIMARY KEY,
  name text NOT NULL,
  channel text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL CHECK (end_date >= start_date)
);
CREATE INDEX campaigns_channel ON campaigns (channel);

-- The id (campaign id + month) orders a campaign's months by date.
CREATE TABLE campaign_spend (
  id text PRIMARY KEY,
  campaign_id text NOT NULL REFERENCES campaigns (id),
  month date NOT NULL,
  amount numeric(14, 2) NOT NULL,
  UNIQUE (campaign_id, month)
);

-- converted_account_id is a sales Account id; sales owns that table, so there is no foreign key.
CREATE TABLE leads (
  id text PRIMARY KEY,
  campaign_id text NOT NULL REFERENCES campaigns (id),
  email text NOT NULL,
  created_on date NOT NULL,
  converted_account_id text,
  converted_on date,
  CHECK ((converted_account_id IS NULL) = (converted_on IS NULL))
);
CREATE INDEX leads_campaign_id ON leads (campaign_id);
CREATE INDEX leads_converted_account_id ON leads (converted_account_id);
CREATE INDEX leads_created_on ON leads (created_on);

-- Leads with the columns their filters need: the campaign's channel and a converted flag.
CREATE VIEW lead_facts AS
SELECT l.*, c.channel, l.converted_account_id IS NOT NULL AS converted
FROM leads l JOIN campaigns c ON c.id = l.campaign_id;

-- One row per converted account: the channel of the campaign behind its earliest conversion.
CREATE VIEW account_acquisition AS
SELECT DISTINCT ON (l.converted_account_id) l.converted_account_id AS account_id, c.channel
FROM leads l JOIN campaigns c ON c.id = l.campaign_id
WHERE l.converted_account_id IS NOT NULL
ORDER BY l.converted_account_id, l.converted_on, l.id;
