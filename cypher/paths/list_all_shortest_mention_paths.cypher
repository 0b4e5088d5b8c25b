// Every shortest mention path from one creator to another (MENTIONED in its direction), at most
// max_hops long. Returns one row per path: `path` (creator ids) and `hops`, at most `limit` rows.
// $source: id of the creator the paths start at
// $target: id of the creator they end at
// $max_hops: longest path considered (1..10)
// $limit: most paths returned
MATCH (source:Creator {id: $source}), (target:Creator {id: $target})
MATCH path = allShortestPaths((source)-[:MENTIONED*..10]->(target))
// The hop bound is checked after the search (WITH): as a WHERE on the path itself it makes
// Neo4j plan an exhaustive fallback search when the shortest path is too long, which on a dense
// mention graph does not finish (the soak's /paths timeouts). A shortest path longer than
// max_hops means no path within max_hops exists, so filtering afterwards is exact.
WITH path
WHERE length(path) <= $max_hops
RETURN [creator IN nodes(path) | creator.id] AS path, length(path) AS hops
ORDER BY path
LIMIT $limit
