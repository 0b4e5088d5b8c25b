// Records one file of a bulk load (neo4j-admin import) as a finished load: (:LoadRun {id, source,
// kind, method: 'bulk', status: 'done', rows, started_at, changed_at}), beside the journaled
// loads' runs. Returns nothing.
// $load: a new load id
// $source: the file loaded
// $kind: creators, audience or mentions
// $rows: rows written (after duplicate rows were aggregated)
// $started_at: when the bulk load started (datetime)
CREATE (:LoadRun {
  id: $load, source: $source, kind: $kind, method: 'bulk', status: 'done', rows: $rows,
  started_at: $started_at, changed_at: datetime()
})
