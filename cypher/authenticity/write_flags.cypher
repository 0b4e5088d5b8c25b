// Stores one authenticity assessment per creator: `flagged` (bool), `flags` (reason codes, sorted),
// `authenticity` (the whole assessment as a JSON string) and `authenticity_at` (now). Idempotent:
// the same rows leave the same properties. Returns `creators` (how many were written).
// $rows: list of {id, flagged, flags, details}
UNWIND $rows AS row
MATCH (creator:Creator {id: row.id})
SET creator.flagged = row.flagged, creator.flags = row.flags, creator.authenticity = row.details,
    creator.authenticity_at = datetime()
RETURN count(*) AS creators
