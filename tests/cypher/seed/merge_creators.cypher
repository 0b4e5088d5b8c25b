// Creates or updates creators. Returns `creators`.
// $rows: list of {id, name, platform}
UNWIND $rows AS row
MERGE (creator:Creator {id: row.id})
SET creator.name = row.name, creator.platform = row.platform
RETURN count(*) AS creators
