// Schema: one (:DataVersion {name: 'data'}) node counts the changes to the audience data (see
// cypher/data_version/bump_data_version.cypher); the constraint makes the per-request freshness
// read an index seek and keeps concurrent MERGEs from creating two. Returns nothing.
CREATE CONSTRAINT data_version_name IF NOT EXISTS FOR (v:DataVersion) REQUIRE v.name IS UNIQUE
