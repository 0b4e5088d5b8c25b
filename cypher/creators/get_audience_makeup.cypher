// One creator's audience make-up: its distinct members (FOLLOWS or ENGAGED_WITH) counted by
// `country`, `age_band` and `gender` as loaded. Returns one row, none for an unknown creator:
// `members`; `country`, `age_band`, `gender` (each a list of {value, members}, most members first,
// then by value; value null counts the members without it); `suspicious` (members the last
// authenticity assessment marked suspicious) and `assessed`: above 0 once an assessment has run
// (the data version counts them; on the audience index only changed marks are written) or when
// members carry a mark (a graph assessed before the data version existed).
// $id: the creator's id
MATCH (c:Creator {id: $id})
OPTIONAL MATCH (c)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
WITH c, collect(DISTINCT m) AS members
CALL (members) {
  UNWIND members AS m
  WITH m.country AS value, count(*) AS n
  ORDER BY n DESC, value
  RETURN collect({value: value, members: n}) AS country
}
CALL (members) {
  UNWIND members AS m
  WITH m.age_band AS value, count(*) AS n
  ORDER BY n DESC, value
  RETURN collect({value: value, members: n}) AS age_band
}
CALL (members) {
  UNWIND members AS m
  WITH m.gender AS value, count(*) AS n
  ORDER BY n DESC, value
  RETURN collect({value: value, members: n}) AS gender
}
OPTIONAL MATCH (v:DataVersion {name: 'data'})
RETURN size(members) AS members, country, age_band, gender,
       size([m IN members WHERE m.suspicious]) AS suspicious,
       coalesce(v.assessments, 0) + size([m IN members WHERE m.suspicious IS NOT NULL]) AS assessed
