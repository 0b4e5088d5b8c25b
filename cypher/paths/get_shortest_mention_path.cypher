// One shortest mention path from one creator to another, following MENTIONED in its direction
// (who mentioned whom), at most max_hops long. Returns `path` (creator ids in order) and `hops`;
// no row when there is none. Browser: :param source => 'c1'; :param target => 'c2'; :param max_hops => 4
// $source: id of the creator the path starts at
// $target: id of the creator it ends at
// $max_hops: longest path considered (1..10)
MATCH (source:Creator {id: $source}), (target:Creator {id: $target})
MATCH path = shortestPath((source)-[:MENTIONED*..10]->(target))
// The hop bound is checked after the search (WITH): as a WHERE on the path itself it makes
// Neo4j plan an exhaustive fallback search when the shortest path is too long, which on a dense
// mention graph does not finish (the soak's /paths timeouts). A shortest path longer than
// max_hops means no path within max_hops exists, so filtering afterwards is exact.
WITH path
WHERE length(path) <= $max_hops
RETURN [creator IN nodes(path) | creator.id] AS path, length(path) AS hops
