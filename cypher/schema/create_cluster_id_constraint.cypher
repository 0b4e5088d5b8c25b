// Schema: a cluster's stable `id` is unique (and indexed): one (:Cluster) per id, holding its
// names (see service/domain/analysis/names.py). Returns nothing.
CREATE CONSTRAINT cluster_id IF NOT EXISTS FOR (k:Cluster) REQUIRE k.id IS UNIQUE
