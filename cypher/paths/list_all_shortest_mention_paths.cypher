// Every shortest mention path from one creator to another (MENTIONED in its direction), at most
// max_hops long. Returns one row per path: `path` (creator ids) and `hops`, at most `limit` rows.
// $source: id of the creator the paths start at
// $target: id of the creator they end at
// $max_hops: longest path considered (1..10)
// $limit: most paths returned
MATCH (source:Creator {id: $source}), (target:Creator {id: $target})
MATCH path = allShortestPaths((source)-[:MENTIONED*..10]->(target))
WHERE length(path) <= $max_hops
RETURN [creator IN nodes(path) | creator.id] AS path, length(path) AS hops
ORDER BY path
LIMIT $limit
