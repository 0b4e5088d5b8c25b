// The ids of a cluster's creators, one row each (`id`), in id order; none for an unknown cluster.
// $cluster: the cluster number (Creator.cluster)
MATCH (c:Creator {cluster: $cluster})
RETURN c.id AS id
ORDER BY id
