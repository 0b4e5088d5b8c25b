// Counts one change to the data that derived views (the audience index, cached answers) depend on.
// Run it inside the transaction that makes the change, so that the change and the new version
// commit together: `version` counts every change, `loads` / `assessments` / `analyses` count
// changes of one kind (audience edges and members / `suspicious` marks / published clusters), and
// `epoch` (set once, when the node is created) tells a recreated node (after a wipe) from the old
// one. Returns nothing.
// $part: the kind of change: 'loads', 'assessments' or 'analyses'
MERGE (v:DataVersion {name: 'data'})
ON CREATE SET v.epoch = randomUUID(), v.version = 0, v.loads = 0, v.assessments = 0, v.analyses = 0
SET v.version = v.version + 1,
    v.loads = v.loads + CASE WHEN $part = 'loads' THEN 1 ELSE 0 END,
    v.assessments = v.assessments + CASE WHEN $part = 'assessments' THEN 1 ELSE 0 END,
    v.analyses = v.analyses + CASE WHEN $part = 'analyses' THEN 1 ELSE 0 END,
    v.changed_at = datetime()
