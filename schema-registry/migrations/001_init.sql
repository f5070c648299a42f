-- Every version of every subgraph ever published; rows are never updated.
CREATE TABLE subgraph_versions (
  id bigserial PRIMARY KEY,
  subgraph text NOT NULL,
  version integer NOT NULL,
  sdl text NOT NULL,
  url text NOT NULL,
  data_product jsonb,
  hash text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by text,
  UNIQUE (subgraph, version)
);

-- Which version of each subgraph is live; a rollback moves the pointer back.
CREATE TABLE subgraphs (
  name text PRIMARY KEY,
  current_version integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every supergraph that was ever served; the newest row is the live one.
CREATE TABLE supergraph_versions (
  id bigserial PRIMARY KEY,
  sdl text NOT NULL,
  hash text NOT NULL,
  subgraphs jsonb NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
