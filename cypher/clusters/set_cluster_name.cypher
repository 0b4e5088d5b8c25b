// A person names a current cluster: sets (:Cluster {id}).custom_name and `renamed_at`, or removes
// both when $name is null (back to the automatic name). No row when no creator is in the cluster
// (not a cluster of the served run). Returns `cluster`, `name` (the name now served),
// `name_source` ('custom', 'topics' or 'hubs') and `auto_name`.
// $cluster: the cluster id
// $name: the new name, or null
MATCH (member:Creator)
WHERE member.cluster = $cluster
WITH member LIMIT 1
MERGE (named:Cluster {id: $cluster})
SET named.custom_name = $name,
    named.renamed_at = CASE WHEN $name IS NULL THEN null ELSE datetime() END
RETURN named.id AS cluster,
       coalesce(named.custom_name, named.auto_name, 'Cluster ' + toString(named.id)) AS name,
       CASE WHEN named.custom_name IS NOT NULL THEN 'custom' ELSE coalesce(named.auto_source, 'id') END AS name_source,
       named.auto_name AS auto_name
