-- Players' dates of birth (personal data), for age-band analysis.
ALTER TABLE players ADD COLUMN date_of_birth date;

DROP VIEW player_facts;

CREATE VIEW player_facts AS
SELECT p.*, v.experiment_id, v.name AS variant
FROM players p LEFT JOIN experiment_variants v ON v.id = p.variant_id;
