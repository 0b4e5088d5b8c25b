// One creator's profile with its current analysis scores and components, or no row.
// Returns `creator` (every stored property) and `topics` (names, sorted).
// $id: the creator's id
MATCH (c:Creator {id: $id})
OPTIONAL MATCH (c)-[:POSTS_ABOUT]->(t:Topic)
WITH c, t.name AS topic ORDER BY topic
RETURN properties(c) AS creator, [name IN collect(topic) WHERE name IS NOT NULL] AS topics
