// Rolls back a journaled load's audience members: deletes the ones it created and restores the ones it
// changed (from `_load_prev_*`), in batches. Needs an auto-commit transaction
// (Graph.autocommit). Returns nothing.
// $load: the load id
MATCH (x:AudienceMember)
WHERE x._load = $load
CALL (x) {
  WITH x, x._load_new AS is_new
  FOREACH (_ IN CASE WHEN is_new THEN [] ELSE [1] END |
    SET x.platform = x._load_prev_platform, x.country = x._load_prev_country,
      x.age_band = x._load_prev_age_band, x.gender = x._load_prev_gender
    REMOVE x._load, x._load_new, x._load_prev_platform, x._load_prev_country,
      x._load_prev_age_band, x._load_prev_gender)
  FOREACH (_ IN CASE WHEN is_new THEN [1] ELSE [] END | DETACH DELETE x)
} IN TRANSACTIONS OF 10000 ROWS
