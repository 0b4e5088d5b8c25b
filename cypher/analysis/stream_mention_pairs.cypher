// Every mention between two creators, as ONE row of parallel lists: `one`, `two` (creator ids,
// the mentioning and the mentioned creator) and `mentions` (MENTIONED.count, 1 when missing).
// Self-mentions are left out. The run uses them in memory (service/domain/analysis/run_links.py):
// joined to its shared-audience links when mentions take part in clustering (mention_weight > 0:
// a pair's mentions summed over every kind and both directions), and for the bridge component
// `bridge_clusters_mentions` (whatever mention_weight).
MATCH (one:Creator)-[mention:MENTIONED]->(two:Creator)
WHERE one <> two
RETURN collect(one.id) AS one, collect(two.id) AS two, collect(coalesce(mention.count, 1)) AS mentions
