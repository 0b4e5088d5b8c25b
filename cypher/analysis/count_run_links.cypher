// Counts the run's staged links: `links` (all), `shared_audience` (pairs with shared audience)
// and `mentions` (pairs with mentions).
// $run_id: the running analysis
MATCH (:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(:Creator)
RETURN count(link) AS links, count(link.shared) AS shared_audience, count(link.mentions) AS mentions
