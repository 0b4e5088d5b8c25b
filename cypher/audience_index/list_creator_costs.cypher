// The cost of each candidate of a budget plan answered on the audience index: one row per
// existing creator of $ids, `id` and `cost` (the property named by $cost_property, null when the
// creator has none).
// $ids: the candidates' ids
// $cost_property: the Creator property that holds a creator's cost
UNWIND $ids AS id
MATCH (c:Creator {id: id})
RETURN c.id AS id, c[$cost_property] AS cost
