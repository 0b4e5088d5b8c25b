// Schema: finds the MENTIONED relationships a large (journaled) load created or changed, by its load
// id, so the load can be committed (markers removed) or rolled back quickly. Returns nothing.
CREATE INDEX mentioned_load IF NOT EXISTS FOR ()-[r:MENTIONED]-() ON (r._load)
