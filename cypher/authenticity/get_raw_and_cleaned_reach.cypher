// Reach of a creator set on raw and on cleaned audiences (members marked `suspicious` by the last
// authenticity assessment removed), side by side. Returns `unique_reach`, `impressions` (one per
// member and creator reached), `cleaned_reach`, `cleaned_impressions`, `creators`: per creator
// {id, audience, cleaned_audience}, by id, and `assessed`: whether an assessment has run (the data
// version counts them; an assessment on the audience index writes only the marks that change, so
// a clean market may carry none), or any member carries a mark (a graph assessed before the data
// version existed); before one, the cleaned counts equal the raw ones and mean nothing.
// $creator_ids: the creators of the set
CALL () {
  MATCH (creator:Creator) WHERE creator.id IN $creator_ids
  MATCH (member:AudienceMember)-[:FOLLOWS|ENGAGED_WITH]->(creator)
  WITH member, count(DISTINCT creator) AS exposures
  RETURN count(member) AS unique_reach, coalesce(sum(exposures), 0) AS impressions,
         count(CASE WHEN NOT coalesce(member.suspicious, false) THEN 1 END) AS cleaned_reach,
         coalesce(sum(CASE WHEN NOT coalesce(member.suspicious, false) THEN exposures ELSE 0 END), 0)
           AS cleaned_impressions
}
CALL () {
  MATCH (creator:Creator) WHERE creator.id IN $creator_ids
  WITH creator ORDER BY creator.id
  RETURN collect({
    id: creator.id,
    audience: COUNT { MATCH (m:AudienceMember)-[:FOLLOWS|ENGAGED_WITH]->(creator) RETURN DISTINCT m },
    cleaned_audience: COUNT {
      MATCH (m:AudienceMember)-[:FOLLOWS|ENGAGED_WITH]->(creator)
      WHERE NOT coalesce(m.suspicious, false)
      RETURN DISTINCT m
    }
  }) AS creators
}
OPTIONAL MATCH (v:DataVersion {name: 'data'})
RETURN unique_reach, impressions, cleaned_reach, cleaned_impressions, creators,
       coalesce(v.assessments, 0) > 0
         OR EXISTS { MATCH (member:AudienceMember) WHERE member.suspicious IS NOT NULL } AS assessed
