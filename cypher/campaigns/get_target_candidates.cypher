// The candidate pool of a plan with a target audience (the audience of $target_ids), one row per
// creator that reaches the target (required ones always): `id`, `handle`, `followers`,
// `engagement_rate`, `cluster`, `bridge_score`, `hub_score` and `cost` (the property named by
// $cost_property, null without one). Required creators are always in the pool; the others pass
// every filter (a null filter is off, an empty list is off). Ordered by `target_reach` (target
// members it reaches), then `followers`, required ones before all; see get_candidates.
// $require_ids: ids always in the pool, whatever the filters
// $exclude_ids: ids never in the pool
// $min_followers: lower bound on followers (inclusive), or null
// $max_followers: upper bound on followers (exclusive), or null
// $min_engagement: lower bound on engagement_rate (inclusive), or null
// $countries: allowed countries (empty = any)
// $topics: lower-cased topics; a creator passes with any of them in `topics` or POSTS_ABOUT (empty = any)
// $cost_property: the Creator property that holds a creator's cost, or null
// $target_ids: the creators whose audiences make the target (a cluster's creators)
// $pool_size: at most this many creators
// $include_flagged: false leaves out creators with authenticity flags (`flagged: true`)
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
// Walks out from the target members (rather than testing every creator's audience) to count
// each creator's target reach; required creators join with their reach, 0 if none.
MATCH (tc:Creator)
WHERE tc.id IN $target_ids
MATCH (tc)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
WHERE NOT ($cleaned AND coalesce(m.suspicious, false))
WITH DISTINCT m
MATCH (m)-[:FOLLOWS|ENGAGED_WITH]->(c:Creator)
WITH c, count(DISTINCT m) AS target_reach
WITH collect({creator: c, reach: target_reach}) AS reached
CALL () {
  MATCH (r:Creator)
  WHERE r.id IN $require_ids
  RETURN collect({creator: r, reach: 0}) AS required_rows
}
UNWIND reached + required_rows AS row
WITH row.creator AS c, max(row.reach) AS target_reach
WITH c, target_reach, c.id IN $require_ids AS required
WHERE required OR (
  NOT c.id IN $exclude_ids
  AND ($include_flagged OR NOT coalesce(c.flagged, false))
  AND ($min_followers IS NULL OR coalesce(c.followers, 0) >= $min_followers)
  AND ($max_followers IS NULL OR coalesce(c.followers, 0) < $max_followers)
  AND ($min_engagement IS NULL OR coalesce(c.engagement_rate, 0.0) >= $min_engagement)
  AND (size($countries) = 0 OR c.country IN $countries)
  AND (size($topics) = 0
       OR any(t IN coalesce(c.topics, []) WHERE toLower(t) IN $topics)
       OR EXISTS { (c)-[:POSTS_ABOUT]->(p:Topic) WHERE toLower(p.name) IN $topics })
)
RETURN c.id AS id, c.handle AS handle, c.followers AS followers,
       c.engagement_rate AS engagement_rate, c.cluster AS cluster,
       c.bridge_score AS bridge_score, c.hub_score AS hub_score,
       CASE WHEN $cost_property IS NULL THEN null ELSE c[$cost_property] END AS cost, required,
       target_reach
ORDER BY required DESC, target_reach DESC, coalesce(c.followers, 0) DESC, id
LIMIT $pool_size
