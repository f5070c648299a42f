-- Analytics domain: derived data products, recomputed from other domains'
-- published products (read through the gateway), never from their tables.
CREATE TABLE acquisition_costs (
  id text PRIMARY KEY,
  quarter text NOT NULL,
  channel text NOT NULL,
  spend numeric(14, 2) NOT NULL,
  new_customers integer NOT NULL,
  cac numeric(14, 2),
  campaign_ids text[] NOT NULL
);

CREATE TABLE experiment_results (
  id text PRIMARY KEY,
  experiment_id text NOT NULL,
  variant text NOT NULL,
  players integer NOT NULL,
  churned_players integer NOT NULL,
  churn_rate double precision NOT NULL,
  sessions integer NOT NULL,
  average_session_seconds double precision NOT NULL,
  average_play_seconds_per_player double precision NOT NULL
);

CREATE TABLE refreshes (
  product text PRIMARY KEY,
  refreshed_at timestamptz,
  source_rows integer NOT NULL DEFAULT 0,
  status text NOT NULL,
  error text
);
