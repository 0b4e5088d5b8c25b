// Browser: a cluster's "frequency pack": the 5 creators who reach most of the cluster's audience
// (members who follow or engaged with any of its creators), with those members drawn. Dense
// sharing here means the same people hear the message several times; `influence-map plan --goal
// frequency --cluster N` picks the pack greedily. Use: `:param cluster => 0`, then this query.
// $cluster: the cluster id
MATCH (:Creator {cluster: $cluster})<-[:FOLLOWS|ENGAGED_WITH]-(fan:AudienceMember)
WITH collect(DISTINCT fan) AS audience
MATCH (c:Creator {cluster: $cluster})<-[:FOLLOWS|ENGAGED_WITH]-(fan:AudienceMember)
WHERE fan IN audience
WITH c, count(DISTINCT fan) AS reach ORDER BY reach DESC LIMIT 5
WITH collect(c) AS pack
UNWIND pack AS c
MATCH (c)<-[r:FOLLOWS|ENGAGED_WITH]-(fan:AudienceMember)
WHERE COUNT { (fan)-[:FOLLOWS|ENGAGED_WITH]->(other:Creator) WHERE other IN pack } >= 3
RETURN c, r, fan
LIMIT 500
