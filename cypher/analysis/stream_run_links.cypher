// The run's staged shared-audience links (the gds and spark engines stage them in the database)
// as ONE row: `links`, a list with one list per link, [a, b, shared, jaccard, overlap, share_a,
// share_b, lift, affinity, estimate, shared_se, jaccard_se, lift_se] (a, b: creator ids, a < b;
// null where a link lacks a value: lists of lists keep nulls, which collect() of single values
// would drop). The run then holds them in memory (service/domain/analysis/run_links.py) and
// deletes the staged relationships (delete_run_links).
// $run_id: the running analysis
MATCH (a:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(b:Creator)
RETURN collect([a.id, b.id, link.shared, link.jaccard, link.overlap, link.share_a, link.share_b,
                link.lift, link.affinity, link.estimate, link.shared_se, link.jaccard_se,
                link.lift_se]) AS links
