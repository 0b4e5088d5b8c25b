// Stores each creator's results in a campaign, one (:Campaign)-[:RESULT {clicks, orders,
// revenue, currency}]->(:Creator) per pair, replacing the stored figures (the file's rows are
// summed per pair first), so loading twice is idempotent. Returns `results`.
// $rows: list of {campaign_id, creator_id, clicks, orders, revenue, currency}
UNWIND $rows AS row
MATCH (campaign:Campaign {id: row.campaign_id})
MATCH (creator:Creator {id: row.creator_id})
MERGE (campaign)-[result:RESULT]->(creator)
SET result.clicks = row.clicks, result.orders = row.orders, result.revenue = row.revenue,
    result.currency = row.currency
RETURN count(*) AS results
