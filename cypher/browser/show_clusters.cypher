// Browser: the market at a glance. One virtual node per cluster of the served run (the 30
// largest), labelled `Cluster` and `Cluster<N>` and carrying `name` (a person's name, else the
// automatic one), `cluster` and `size`, so cypher/browser/style.grass captions it with its name and
// colours it; links are virtual SHARES_AUDIENCE relationships with `shared`, the members shared
// between the two clusters' creators.
// Use: run as is (no parameters).
MATCH (c:Creator)
WHERE c.cluster IS NOT NULL
WITH c.cluster AS cluster, count(*) AS size
ORDER BY size DESC, cluster
LIMIT 30
WITH collect(cluster) AS shown, collect({cluster: cluster, size: size}) AS sizes
CALL (shown) {
  MATCH (a:Creator)-[s:SHARES_AUDIENCE]->(b:Creator)
  WHERE a.cluster IN shown AND b.cluster IN shown AND a.cluster <> b.cluster
  WITH apoc.coll.min([a.cluster, b.cluster]) AS one, apoc.coll.max([a.cluster, b.cluster]) AS two,
       sum(s.shared) AS shared
  RETURN collect({one: one, two: two, shared: shared}) AS links
}
UNWIND sizes AS k
OPTIONAL MATCH (named:Cluster {id: k.cluster})
WITH links, collect([toString(k.cluster), apoc.create.vNode(['Cluster', 'Cluster' + toString(k.cluster)],
     {cluster: k.cluster, size: k.size,
      name: coalesce(named.custom_name, named.auto_name, 'Cluster ' + toString(k.cluster))})]) AS pairs
WITH links, apoc.map.fromPairs(pairs) AS clusters
UNWIND links AS link
RETURN clusters[toString(link.one)] AS cluster,
       apoc.create.vRelationship(clusters[toString(link.one)], 'SHARES_AUDIENCE', {shared: link.shared},
                                 clusters[toString(link.two)]) AS shares,
       clusters[toString(link.two)] AS other
