// Schema: finds the FOLLOWS relationships a large (journaled) load created or changed, by its load
// id, so the load can be committed (markers removed) or rolled back quickly. Returns nothing.
CREATE INDEX follows_load IF NOT EXISTS FOR ()-[r:FOLLOWS]-() ON (r._load)
