// Unique Creator.id (the loaders' schema has the same constraint; this one is for test seeding).
CREATE CONSTRAINT creator_id IF NOT EXISTS FOR (creator:Creator) REQUIRE creator.id IS UNIQUE
