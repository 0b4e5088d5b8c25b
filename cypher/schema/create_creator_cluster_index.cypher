// Schema: a cluster's creators are looked up by cluster id (GET /clusters/{id}, plans and segments
// on a cluster, the Browser guide). Returns nothing.
CREATE INDEX creator_cluster IF NOT EXISTS FOR (c:Creator) ON (c.cluster)
