// Adds mentions to the run's staged links when mentions take part in clustering
// (mention_weight > 0): `mentions` on the pair's ANALYSIS_LINK (created if the pair shares no
// audience) is the sum of MENTIONED.count (1 when missing) over every kind and both directions.
// Returns `links`, the number of pairs with mentions.
// $run_id: the running analysis
// $mention_weight: weight of one mention in the clustering graph (0 = mentions are not used)
MATCH (one:Creator)-[mention:MENTIONED]->(two:Creator)
WHERE $mention_weight > 0 AND one <> two
WITH CASE WHEN one.id < two.id THEN one ELSE two END AS a,
     CASE WHEN one.id < two.id THEN two ELSE one END AS b,
     coalesce(mention.count, 1) AS count
WITH a, b, sum(count) AS mentions
MERGE (a)-[link:ANALYSIS_LINK {run_id: $run_id}]->(b)
SET link.mentions = mentions
RETURN count(*) AS links
