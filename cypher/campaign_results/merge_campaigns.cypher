// Creates or updates campaigns: (:Campaign {id, name, brand, start, end}); an empty (null) field
// keeps the stored value. Returns `campaigns`.
// $rows: list of {id, name, brand, start, end} (start and end are Neo4j dates or null)
UNWIND $rows AS row
MERGE (campaign:Campaign {id: row.id})
SET campaign.name = coalesce(row.name, campaign.name),
    campaign.brand = coalesce(row.brand, campaign.brand),
    campaign.start = coalesce(row.start, campaign.start),
    campaign.end = coalesce(row.end, campaign.end)
RETURN count(*) AS campaigns
