// Schema: finds the Creator nodes a large (journaled) load created, by its load id, so the load can
// be committed (markers removed) or rolled back quickly. Returns nothing.
CREATE INDEX creator_load IF NOT EXISTS FOR (c:Creator) ON (c._load)
