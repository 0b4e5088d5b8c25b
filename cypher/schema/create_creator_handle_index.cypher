// Schema: creators are looked up by handle (search, API). Returns nothing.
CREATE INDEX creator_handle IF NOT EXISTS FOR (c:Creator) ON (c.handle)
