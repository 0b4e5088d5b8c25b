// Schema: a creator's `id` is unique (and indexed, so loaders MERGE on it quickly). Returns nothing.
CREATE CONSTRAINT creator_id IF NOT EXISTS FOR (c:Creator) REQUIRE c.id IS UNIQUE
