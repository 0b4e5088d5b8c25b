// Browser: one cluster as a picture. Creators come back as virtual nodes labelled `Creator`,
// `Cluster<N>` and `Tier_<tier>` so cypher/browser/style.grass colours them by cluster and sizes
// them by follower tier; links are their shared-audience relationships inside the cluster. Each
// node carries `cluster_name`, the cluster's served name.
// Use: `:param cluster => 0`, then run this query.
// $cluster: the cluster id
OPTIONAL MATCH (named:Cluster {id: $cluster})
WITH coalesce(named.custom_name, named.auto_name, 'Cluster ' + toString($cluster)) AS cluster_name
MATCH (c:Creator {cluster: $cluster})
WITH cluster_name, collect(c) AS members
UNWIND members AS c
OPTIONAL MATCH (c)-[s:SHARES_AUDIENCE]->(o:Creator)
WHERE o IN members
WITH cluster_name, members, collect(s) AS links
// Unknown follower counts draw as the smallest tier.
WITH links, apoc.map.fromPairs([c IN members | [elementId(c), apoc.create.vNode(
  ['Creator', 'Cluster' + toString(c.cluster),
   'Tier_' + CASE WHEN coalesce(c.followers, 0) < 5000 THEN 'nano' WHEN c.followers < 100000 THEN 'micro'
                  WHEN c.followers < 500000 THEN 'mid' WHEN c.followers < 1000000 THEN 'macro' ELSE 'mega' END]
  + CASE WHEN coalesce(c.is_hub, false) THEN ['Hub'] ELSE [] END,
  c {.id, .handle, .followers, .cluster, .hub_score, .bridge_score, cluster_name: cluster_name})]]) AS vnodes
UNWIND links AS s
RETURN vnodes[elementId(startNode(s))] AS creator,
       apoc.create.vRelationship(vnodes[elementId(startNode(s))], 'SHARES_AUDIENCE',
                                 {shared: s.shared, lift: s.lift}, vnodes[elementId(endNode(s))]) AS link,
       vnodes[elementId(endNode(s))] AS other
