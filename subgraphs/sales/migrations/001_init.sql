-- Sales domain: accounts, their contacts and opportunities.
CREATE TABLE accounts (
  id text PRIMARY KEY,
  name text NOT NULL,
  industry text NOT NULL,
  segment text NOT NULL,
  region text NOT NULL,
  created_on date NOT NULL,
  customer_since date
);

CREATE TABLE contacts (
  id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  email text NOT NULL,
  phone text,
  title text NOT NULL
);
CREATE INDEX contacts_account_id ON contacts (account_id);

CREATE TABLE opportunities (
  id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  amount numeric(14, 2) NOT NULL,
  stage text NOT NULL,
  close_date date NOT NULL,
  owner text NOT NULL,
  region text NOT NULL
);
CREATE INDEX opportunities_account_id ON opportunities (account_id);
CREATE INDEX opportunities_close_date ON opportunities (close_date);
