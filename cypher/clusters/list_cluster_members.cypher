// One page of a cluster's members, hubs first, then by hub_score and followers. Returns per
// member: `id`, `handle`, `followers`, `engagement_rate`, `hub_score`, `is_hub`, `bridge_score`,
// `placement` (share of its link weight inside the cluster) and `unplaced` (placement is weak).
// $cluster: the cluster id
// $offset: rows to skip
// $limit: rows to return
MATCH (c:Creator {cluster: $cluster})
WITH c ORDER BY coalesce(c.is_hub, false) DESC, c.hub_score DESC, c.followers DESC, c.id
SKIP $offset LIMIT $limit
RETURN c.id AS id, c.handle AS handle, c.followers AS followers, c.engagement_rate AS engagement_rate,
       c.hub_score AS hub_score, coalesce(c.is_hub, false) AS is_hub, c.bridge_score AS bridge_score,
       c.placement AS placement, coalesce(c.unplaced, false) AS unplaced
