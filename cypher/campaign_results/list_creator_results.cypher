// A campaign's results per creator (creators with a post in it or a RESULT), by id: `id`,
// `handle`, `followers`, `cluster`, `audience` (distinct members who follow or engaged: the
// planned reach), `posts`, `likes`, `comments`, `shares`, `views`, `cost` (sum of the posts'
// costs, null when no post has one), `priced_posts`, `clicks`, `orders`, `revenue`, `currency`,
// `first_post_at`, and `ugc_members`: ids of members in its audience whose campaign UGC was posted
// after its first campaign post (after the campaign start when its posts have no time; any time
// when neither is known) -- the UGC it sparked.
// $campaign_id: the campaign id
MATCH (campaign:Campaign {id: $campaign_id})
CALL (campaign) {
  MATCH (creator:Creator)-[:POSTED]->(:Post)-[:IN_CAMPAIGN]->(campaign)
  RETURN creator
  UNION
  MATCH (campaign)-[:RESULT]->(creator:Creator)
  RETURN creator
}
CALL (campaign, creator) {
  OPTIONAL MATCH (creator)-[:POSTED]->(post:Post)-[:IN_CAMPAIGN]->(campaign)
  RETURN count(post) AS posts, sum(coalesce(post.likes, 0)) AS likes,
         sum(coalesce(post.comments, 0)) AS comments, sum(coalesce(post.shares, 0)) AS shares,
         sum(coalesce(post.views, 0)) AS views, count(post.cost) AS priced_posts,
         CASE WHEN count(post.cost) > 0 THEN sum(post.cost) END AS cost,
         min(post.posted_at) AS first_post_at
}
OPTIONAL MATCH (campaign)-[result:RESULT]->(creator)
CALL (campaign, creator, first_post_at) {
  OPTIONAL MATCH (member:AudienceMember)-[ugc:POSTED_UGC]->(campaign)
  WHERE EXISTS { (member)-[:FOLLOWS|ENGAGED_WITH]->(creator) }
    AND (coalesce(first_post_at, datetime(campaign.start)) IS NULL
         OR ugc.posted_at > coalesce(first_post_at, datetime(campaign.start)))
  RETURN collect(member.id) AS ugc_members
}
RETURN creator.id AS id, creator.handle AS handle, creator.followers AS followers,
       creator.cluster AS cluster,
       COUNT { MATCH (m:AudienceMember)-[:FOLLOWS|ENGAGED_WITH]->(creator) RETURN DISTINCT m } AS audience,
       posts, likes, comments, shares, views, cost, priced_posts,
       coalesce(result.clicks, 0) AS clicks, coalesce(result.orders, 0) AS orders,
       coalesce(result.revenue, 0.0) AS revenue, result.currency AS currency,
       toString(first_post_at) AS first_post_at, ugc_members
ORDER BY id
