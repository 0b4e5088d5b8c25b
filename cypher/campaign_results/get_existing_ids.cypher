// Which of the given campaign and post ids exist in the graph: `campaigns`, `posts` (lists of ids)
// and `post_creators` (list of {id, creator_id} for the existing posts).
// $campaign_ids: campaign ids to look up
// $post_ids: post ids to look up
CALL () {
  MATCH (campaign:Campaign) WHERE campaign.id IN $campaign_ids
  RETURN collect(campaign.id) AS campaigns
}
CALL () {
  MATCH (creator:Creator)-[:POSTED]->(post:Post) WHERE post.id IN $post_ids
  RETURN collect(post.id) AS posts, collect({id: post.id, creator_id: creator.id}) AS post_creators
}
RETURN campaigns, posts, post_creators
