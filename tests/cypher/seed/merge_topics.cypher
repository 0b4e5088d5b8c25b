// (:Creator)-[:POSTS_ABOUT]->(:Topic {name}). Returns `edges`.
// $rows: list of {creator, topic}
UNWIND $rows AS row
MATCH (creator:Creator {id: row.creator})
MERGE (topic:Topic {name: row.topic})
MERGE (creator)-[:POSTS_ABOUT]->(topic)
RETURN count(*) AS edges
