// User-generated content: (:AudienceMember)-[:POSTED_UGC {posted_at, post_id}]->(:Campaign), one per
// (member, campaign) with the member's first UGC post (members are created if new). Returns `ugc`.
// $rows: list of {campaign_id, member_id, posted_at (datetime), post_id (the post it answers, or null)}
UNWIND $rows AS row
MATCH (campaign:Campaign {id: row.campaign_id})
MERGE (member:AudienceMember {id: row.member_id})
MERGE (member)-[ugc:POSTED_UGC]->(campaign)
SET ugc.posted_at = row.posted_at, ugc.post_id = row.post_id
RETURN count(*) AS ugc
