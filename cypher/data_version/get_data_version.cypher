// The data version and a cheap fingerprint of the audience, one row, read before serving an answer
// from a derived view (the audience index, a cached answer): `epoch`, `version`, `loads`,
// `assessments`, `analyses` (null / 0 before the first change), `run` (the served analysis run's
// id, null before one), `creators`, `members`, `follows`, `engaged` (node and relationship
// counts, answered from the count store, so writes that bypass our writers and add or remove
// creators, members or edges still change the fingerprint) and `loading` (a journaled load is
// unfinished: its batches commit without a version of their own, so no derived view may be built
// or served until it is done or rolled back). Unfinished means 'writing', 'cleaning' or
// 'rolling_back', named rather than "not finished" so the status index finds them: every load
// leaves a LoadRun, and a scan of all of them would grow with the database's history.
OPTIONAL MATCH (v:DataVersion {name: 'data'})
CALL () {
  MATCH (c:Creator)
  RETURN count(c) AS creators
}
CALL () {
  MATCH (m:AudienceMember)
  RETURN count(m) AS members
}
CALL () {
  MATCH ()-[f:FOLLOWS]->()
  RETURN count(f) AS follows
}
CALL () {
  MATCH ()-[e:ENGAGED_WITH]->()
  RETURN count(e) AS engaged
}
CALL () {
  OPTIONAL MATCH (run:AnalysisRun {current: true})
  RETURN run.id AS run LIMIT 1
}
RETURN v.epoch AS epoch, coalesce(v.version, 0) AS version, coalesce(v.loads, 0) AS loads,
       coalesce(v.assessments, 0) AS assessments, coalesce(v.analyses, 0) AS analyses, run,
       creators, members, follows, engaged,
       EXISTS { MATCH (l:LoadRun) WHERE l.status IN ['writing', 'cleaning', 'rolling_back'] } AS loading
