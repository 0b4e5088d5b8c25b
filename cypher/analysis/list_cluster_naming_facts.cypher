// What naming reads about each published cluster (run in the publishing transaction, after the
// creators got their results): `cluster`, `size`, `topics` (one {topic, creators} per topic its
// creators post about, creators = how many of them), `hubs` (handles, or ids, of up to three
// creators: its hubs by hub_score, then its most followed creators) and `previous_topics` (the
// topics of its stored automatic name when that name came from topics, else null).
MATCH (creator:Creator)
WHERE creator.cluster IS NOT NULL
WITH creator.cluster AS cluster, collect(creator) AS members
CALL (members) {
  UNWIND members AS member
  MATCH (member)-[:POSTS_ABOUT]->(topic:Topic)
  WITH topic.name AS topic, count(DISTINCT member) AS creators
  ORDER BY topic
  RETURN collect({topic: topic, creators: creators}) AS topics
}
CALL (members) {
  UNWIND members AS member
  WITH member
  ORDER BY CASE WHEN coalesce(member.is_hub, false) THEN 0 ELSE 1 END,
           CASE WHEN coalesce(member.is_hub, false) THEN -member.hub_score ELSE -coalesce(member.followers, 0) END,
           member.id
  LIMIT 3
  RETURN collect(coalesce(member.handle, member.id)) AS hubs
}
OPTIONAL MATCH (named:Cluster {id: cluster})
RETURN cluster, size(members) AS size, topics, hubs,
       CASE WHEN named.auto_source = 'topics' THEN named.auto_topics END AS previous_topics
ORDER BY cluster
