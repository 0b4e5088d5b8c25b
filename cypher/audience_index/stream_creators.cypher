// Every creator of the audience index, one row each, by id: `id`, `handle`, `followers`,
// `engagement_rate`, `country`, `topics` (lower-cased: the `topics` property and the POSTS_ABOUT
// topics' names, as the plan filters match them), `flagged` (false when never assessed),
// `cluster`, `bridge_score` and `hub_score`. Read in the build's transaction before its member
// stream, and again alone when only an assessment or an analysis changed the data.
MATCH (c:Creator)
RETURN c.id AS id, c.handle AS handle, c.followers AS followers, c.engagement_rate AS engagement_rate,
       c.country AS country,
       [t IN coalesce(c.topics, []) | toLower(t)]
         + COLLECT { MATCH (c)-[:POSTS_ABOUT]->(p:Topic) WHERE p.name IS NOT NULL RETURN toLower(p.name) }
         AS topics,
       coalesce(c.flagged, false) AS flagged, c.cluster AS cluster, c.bridge_score AS bridge_score,
       c.hub_score AS hub_score
ORDER BY id
