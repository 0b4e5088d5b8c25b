// Browser: the creators that connect two clusters, with their shared-audience and mention links
// into both, best bridge_score first. Use: `:param a => 0`, `:param b => 1`, then this query.
// $a: one cluster id
// $b: the other cluster id
MATCH (bridge:Creator)
WHERE EXISTS { (bridge)-[:SHARES_AUDIENCE|MENTIONED]-(:Creator {cluster: $a}) }
  AND EXISTS { (bridge)-[:SHARES_AUDIENCE|MENTIONED]-(:Creator {cluster: $b}) }
WITH bridge ORDER BY bridge.bridge_score DESC LIMIT 10
MATCH (bridge)-[link:SHARES_AUDIENCE|MENTIONED]-(other:Creator)
WHERE other.cluster IN [$a, $b] AND other.cluster <> bridge.cluster
RETURN bridge, link, other
