// Stores a run's automatic cluster names on (:Cluster {id}) (created on first use): `auto_name`,
// `auto_source` ('topics' or 'hubs'), `auto_topics` (the topics the name was made of) and
// `named_by_run`. A person's `custom_name` is left as it is. Returns `clusters`.
// $rows: list of {cluster, name, source, topics}
// $run_id: the run being published
UNWIND $rows AS row
MERGE (named:Cluster {id: row.cluster})
SET named.auto_name = row.name, named.auto_source = row.source, named.auto_topics = row.topics,
    named.named_by_run = $run_id
RETURN count(*) AS clusters
