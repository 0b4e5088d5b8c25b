// Creates or updates campaign posts: (:Creator)-[:POSTED]->(:Post {id, url, posted_at, likes,
// comments, shares, views, cost})-[:IN_CAMPAIGN]->(:Campaign). The campaign and the creator exist
// (checked before). Figures are replaced (a null keeps the stored value), so loading twice is
// idempotent. Returns `posts`.
// $rows: list of {id, campaign_id, creator_id, url, posted_at, likes, comments, shares, views, cost}
UNWIND $rows AS row
MATCH (campaign:Campaign {id: row.campaign_id})
MATCH (creator:Creator {id: row.creator_id})
MERGE (post:Post {id: row.id})
SET post.url = coalesce(row.url, post.url),
    post.posted_at = coalesce(row.posted_at, post.posted_at),
    post.likes = coalesce(row.likes, post.likes),
    post.comments = coalesce(row.comments, post.comments),
    post.shares = coalesce(row.shares, post.shares),
    post.views = coalesce(row.views, post.views),
    post.cost = coalesce(row.cost, post.cost)
MERGE (creator)-[:POSTED]->(post)
MERGE (post)-[:IN_CAMPAIGN]->(campaign)
RETURN count(*) AS posts
