// The mentions that take part in clustering (mention_weight > 0), as ONE row of parallel lists:
// `one`, `two` (creator ids, the mentioning and the mentioned creator) and `mentions`
// (MENTIONED.count, 1 when missing). Self-mentions are left out. The run joins them to its
// shared-audience links in memory (service/domain/analysis/run_links.py): a pair's mentions are
// summed over every kind and both directions. No row values at all when mentions are not used.
// $mention_weight: weight of one mention in the clustering graph (0 = mentions are not used)
MATCH (one:Creator)-[mention:MENTIONED]->(two:Creator)
WHERE $mention_weight > 0 AND one <> two
RETURN collect(one.id) AS one, collect(two.id) AS two, collect(coalesce(mention.count, 1)) AS mentions
