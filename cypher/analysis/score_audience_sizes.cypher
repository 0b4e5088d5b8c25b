// Creates the run's (:AnalysisRun)-[:SCORED {audience_size}]->(:Creator) for every creator:
// audience_size is the number of distinct members who follow or engaged with it (either or both
// counts once). Every later step of the run writes its per-creator results on this relationship.
// Returns `creators`.
// $run_id: the running analysis
// $cleaned: true counts only members not marked `suspicious` (the run's audiences are cleaned)
MATCH (run:AnalysisRun {id: $run_id})
MATCH (creator:Creator)
CREATE (run)-[:SCORED {
  audience_size: size(COLLECT {
    MATCH (creator)<-[:FOLLOWS|ENGAGED_WITH]-(member:AudienceMember)
    WHERE NOT ($cleaned AND coalesce(member.suspicious, false))
    RETURN DISTINCT member
  })
}]->(creator)
RETURN count(*) AS creators
