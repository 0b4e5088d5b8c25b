// Publishing, step 3a: the served SHARES_AUDIENCE relationships, so that publish changes
// only what differs (run_links.diff_shares): ONE row, `links`, a list with one list per
// relationship: [elementId, a, b, shared, jaccard, overlap, share_a, share_b, lift, affinity,
// estimate, shared_se, jaccard_se, lift_se] (a, b: the start and end creator ids; null where a
// relationship lacks a value). Runs inside the publish transaction, so what it reads is what the
// transaction then changes.
MATCH (a:Creator)-[shares:SHARES_AUDIENCE]->(b:Creator)
RETURN collect([elementId(shares), a.id, b.id, shares.shared, shares.jaccard, shares.overlap,
                shares.share_a, shares.share_b, shares.lift, shares.affinity, shares.estimate,
                shares.shared_se, shares.jaccard_se, shares.lift_se]) AS links
