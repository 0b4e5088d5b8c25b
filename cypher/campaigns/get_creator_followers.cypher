// The stated follower counts of some creators (for estimates beyond the loaded audience): one row
// per existing creator, `id`, `handle`, `followers` (null when not given), by id.
// $creator_ids: the creators' ids
MATCH (c:Creator)
WHERE c.id IN $creator_ids
RETURN c.id AS id, c.handle AS handle, c.followers AS followers
ORDER BY id
