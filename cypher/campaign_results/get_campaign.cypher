// One campaign: `id`, `name`, `brand`, `start`, `end` (ISO dates or null); no row when unknown.
// $campaign_id: the campaign id
MATCH (campaign:Campaign {id: $campaign_id})
RETURN campaign.id AS id, campaign.name AS name, campaign.brand AS brand,
       toString(campaign.start) AS start, toString(campaign.end) AS end
