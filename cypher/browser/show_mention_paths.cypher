// Browser: every shortest mention path from one creator to another (who mentioned whom), as
// paths to draw. Use: `:param source => 'a'`, `:param target => 'b'`, `:param max_hops => 4`.
// $source: id of the creator the paths start at
// $target: id of the creator they end at
// $max_hops: longest path considered (the query stops at 10 whatever is asked)
MATCH (source:Creator {id: $source}), (target:Creator {id: $target})
MATCH p = ALL SHORTEST (source)-[:MENTIONED]->{1,10}(target)
// Bounded after the search, not inside it (see paths/list_all_shortest_mention_paths.cypher).
WITH p
WHERE length(p) <= $max_hops
RETURN p
