// One page of creators matching every given filter (a null filter is ignored), best first by
// $sort, then by id. Returns `creator`: a map of the profile, the current analysis scores and the
// authenticity flags (`flagged`, `flags`; false and [] before any assessment).
// Fetch $limit + 1 rows to learn whether more follow.
// $q: prefix of the handle or name, case-insensitive
// $platform: exact platform
// $topic: a topic the creator posts about
// $country: exact country
// $min_followers: followers at least this
// $max_followers: followers below this
// $min_engagement: engagement_rate at least this
// $cluster: current cluster id
// $sort: one of bridge_score, followers, engagement_rate, hub_score (checked by the API)
// $offset: rows to skip
// $limit: rows to return
MATCH (c:Creator)
WHERE ($q IS NULL OR toLower(c.handle) STARTS WITH toLower($q) OR toLower(c.name) STARTS WITH toLower($q))
  AND ($platform IS NULL OR c.platform = $platform)
  AND ($topic IS NULL OR EXISTS { (c)-[:POSTS_ABOUT]->(:Topic {name: $topic}) })
  AND ($country IS NULL OR c.country = $country)
  AND ($min_followers IS NULL OR c.followers >= $min_followers)
  AND ($max_followers IS NULL OR c.followers < $max_followers)
  AND ($min_engagement IS NULL OR c.engagement_rate >= $min_engagement)
  AND ($cluster IS NULL OR c.cluster = $cluster)
WITH c, CASE $sort
  WHEN 'followers' THEN toFloat(c.followers)
  WHEN 'engagement_rate' THEN c.engagement_rate
  WHEN 'hub_score' THEN c.hub_score
  ELSE c.bridge_score END AS sort_key
ORDER BY sort_key DESC, c.id
SKIP $offset LIMIT $limit
RETURN c {.id, .handle, .name, .platform, .followers, .engagement_rate, .country, .cluster,
          .bridge_score, .hub_score, .is_hub, flagged: coalesce(c.flagged, false),
          flags: coalesce(c.flags, [])} AS creator
