// Schema: a topic's `name` is unique (and indexed). Returns nothing.
CREATE CONSTRAINT topic_name IF NOT EXISTS FOR (t:Topic) REQUIRE t.name IS UNIQUE
