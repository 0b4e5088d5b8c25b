// The candidate pool of a plan, one row per creator: `id`, `handle`, `followers`,
// `engagement_rate`, `cluster`, `bridge_score`, `hub_score` and `cost` (the property named by
// $cost_property, null without one). Required creators are always in the pool; the others pass
// every filter (a null filter is off, an empty list is off). Largest `followers` first, required
// ones before all.
// $require_ids: ids always in the pool, whatever the filters
// $exclude_ids: ids never in the pool
// $min_followers: lower bound on followers (inclusive), or null
// $max_followers: upper bound on followers (exclusive), or null
// $min_engagement: lower bound on engagement_rate (inclusive), or null
// $countries: allowed countries (empty = any)
// $topics: lower-cased topics; a creator passes with any of them in `topics` or POSTS_ABOUT (empty = any)
// $cost_property: the Creator property that holds a creator's cost, or null
// $pool_size: at most this many creators
// $include_flagged: false leaves out creators with authenticity flags (`flagged: true`)
MATCH (c:Creator)
WITH c, c.id IN $require_ids AS required
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
       CASE WHEN $cost_property IS NULL THEN null ELSE c[$cost_property] END AS cost, required
ORDER BY required DESC, coalesce(c.followers, 0) DESC, id
LIMIT $pool_size
