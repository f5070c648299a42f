-- Gameplay domain: players, their game sessions, and the experiments they take part in.
CREATE TABLE experiments (
  id text PRIMARY KEY,
  name text NOT NULL,
  hypothesis text NOT NULL,
  started_on date NOT NULL,
  ended_on date
);

-- The id orders an experiment's variants as they were defined.
CREATE TABLE experiment_variants (
  id text PRIMARY KEY,
  experiment_id text NOT NULL REFERENCES experiments (id),
  name text NOT NULL,
  rounds integer NOT NULL CHECK (rounds > 0),
  UNIQUE (experiment_id, name)
);

CREATE TABLE players (
  id text PRIMARY KEY,
  handle text NOT NULL UNIQUE,
  email text NOT NULL,
  country text NOT NULL,
  signup_on date NOT NULL,
  variant_id text REFERENCES experiment_variants (id),
  churned boolean NOT NULL,
  churned_on date,
  CHECK (churned = (churned_on IS NOT NULL))
);
CREATE INDEX players_variant_id ON players (variant_id);

CREATE TABLE game_sessions (
  id text PRIMARY KEY,
  player_id text NOT NULL REFERENCES players (id),
  started_at timestamptz NOT NULL,
  rounds integer NOT NULL,
  duration_seconds integer NOT NULL
);
CREATE INDEX game_sessions_player_id ON game_sessions (player_id);
CREATE INDEX game_sessions_started_at ON game_sessions (started_at);

-- Players with their experiment and variant name, which Player exposes and filters on.
CREATE VIEW player_facts AS
SELECT p.*, v.experiment_id, v.name AS variant
FROM players p LEFT JOIN experiment_variants v ON v.id = p.variant_id;
