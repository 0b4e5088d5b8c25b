// Every named cluster id: `cluster`, `name` (a person's name if given, else the automatic one),
// `name_source` ('custom', 'topics' or 'hubs') and `auto_name`. Ids of dissolved clusters are
// listed too (ids are never reused); callers keep the ones they show.
MATCH (named:Cluster)
WHERE named.custom_name IS NOT NULL OR named.auto_name IS NOT NULL
RETURN named.id AS cluster, coalesce(named.custom_name, named.auto_name) AS name,
       CASE WHEN named.custom_name IS NOT NULL THEN 'custom' ELSE named.auto_source END AS name_source,
       named.auto_name AS auto_name
ORDER BY cluster
