// The exact frequency distribution of a campaign on a set of creators, one row per exposure count:
// `exposures` (how many of the chosen creators reach the member), `people` (members reached exactly
// that many times), `weighted_impressions` (sum over those members of their exposure weights) and
// `weighted_effective` (how many of those members have summed weights >= $frequency).
// A member is reached by a creator when it FOLLOWS or ENGAGED_WITH it; having both edges counts as
// one exposure, whose weight is the larger of the two edge weights (a missing weight counts 1.0).
// Unique reach, impressions and effective reach are sums over these rows.
// $creator_ids: the chosen creators' ids (distinct; ids that match nothing add nothing)
// $frequency: the effective-frequency threshold applied to the summed weights
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
UNWIND $creator_ids AS creator_id
MATCH (c:Creator {id: creator_id})<-[r:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
WHERE NOT ($cleaned AND coalesce(m.suspicious, false))
WITH m, c, max(coalesce(toFloat(r.weight), 1.0)) AS weight
WITH m, count(c) AS exposures, sum(weight) AS weighted
RETURN exposures, count(m) AS people, sum(weighted) AS weighted_impressions,
       count(CASE WHEN weighted >= $frequency THEN 1 END) AS weighted_effective
ORDER BY exposures
