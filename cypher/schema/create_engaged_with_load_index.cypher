// Schema: finds the ENGAGED_WITH relationships a large (journaled) load created or changed, by its load
// id, so the load can be committed (markers removed) or rolled back quickly. Returns nothing.
CREATE INDEX engaged_with_load IF NOT EXISTS FOR ()-[r:ENGAGED_WITH]-() ON (r._load)
