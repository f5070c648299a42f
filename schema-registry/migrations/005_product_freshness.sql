-- When each data product last got new data, as its subgraph reports it
-- (PUT /subgraphs/:name/freshness); only the latest report is kept, and a
-- product never reported has no row (the catalog says null).
CREATE TABLE product_freshness (
  product text PRIMARY KEY,
  subgraph text NOT NULL,
  refreshed_at timestamptz,
  reported_at timestamptz NOT NULL DEFAULT now()
);
