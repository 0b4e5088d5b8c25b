// Every campaign, by start then id: `id`, `name`, `brand`, `start`, `end`, `posts`, `creators`.
MATCH (campaign:Campaign)
RETURN campaign.id AS id, campaign.name AS name, campaign.brand AS brand,
       toString(campaign.start) AS start, toString(campaign.end) AS end,
       COUNT { (:Post)-[:IN_CAMPAIGN]->(campaign) } AS posts,
       COUNT { MATCH (c:Creator)-[:POSTED]->(:Post)-[:IN_CAMPAIGN]->(campaign) RETURN DISTINCT c } AS creators
ORDER BY campaign.start, id
