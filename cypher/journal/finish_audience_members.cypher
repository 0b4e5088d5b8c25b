// Commits a journaled load for its audience members: removes the load's markers (`_load`, `_load_new`,
// `_load_prev_*`), in batches. Needs an auto-commit transaction (Graph.autocommit). Returns nothing.
// $load: the load id
MATCH (x:AudienceMember)
WHERE x._load = $load
CALL (x) {
  REMOVE x._load, x._load_new, x._load_prev_platform, x._load_prev_country, x._load_prev_age_band, x._load_prev_gender
} IN TRANSACTIONS OF 10000 ROWS
