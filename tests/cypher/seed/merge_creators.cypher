// Creates or updates creators with every given property. Returns `creators`.
// $rows: list of {id, props}: props is a map of Creator properties (name, platform, followers, ...)
UNWIND $rows AS row
MERGE (creator:Creator {id: row.id})
SET creator += row.props
RETURN count(*) AS creators
