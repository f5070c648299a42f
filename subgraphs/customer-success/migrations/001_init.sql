-- Customer-success domain: support tickets, NPS survey answers and account health.
-- account_id columns hold sales Account ids; sales owns that table, so there are no foreign keys to it.
CREATE TABLE tickets (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  subject text NOT NULL,
  status text NOT NULL,
  priority text NOT NULL,
  opened_on date NOT NULL,
  resolved_on date
);
CREATE INDEX tickets_account_id ON tickets (account_id);
CREATE INDEX tickets_opened_on ON tickets (opened_on);

CREATE TABLE nps_responses (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 10),
  responded_on date NOT NULL,
  comment text
);
CREATE INDEX nps_responses_account_id ON nps_responses (account_id);

CREATE TABLE account_health (
  account_id text PRIMARY KEY,
  churn_risk numeric(4, 3) NOT NULL CHECK (churn_risk BETWEEN 0 AND 1),
  health text NOT NULL,
  renewal_on date NOT NULL
);
CREATE INDEX account_health_churn_risk ON account_health (churn_risk);
