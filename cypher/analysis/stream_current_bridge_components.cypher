// The current results, one row per scored creator, for explaining bridge scores: `id`, `name`,
// `cluster` and `components`, a map of each named component as published.
// $components: the component property names (BRIDGE_COMPONENTS)
MATCH (creator:Creator)
WHERE creator.bridge_score IS NOT NULL
RETURN creator.id AS id, creator.name AS name, creator.cluster AS cluster,
       apoc.map.fromLists($components, [name IN $components | creator[name]]) AS components
ORDER BY id
