// Publishing, step 3b: deletes the served SHARES_AUDIENCE relationships whose pair the new run no
// longer links (or a second relationship for one pair). Returns `deleted`.
// $ids: element ids of the relationships to delete (from stream_shares_audience)
UNWIND $ids AS id
MATCH (:Creator)-[shares:SHARES_AUDIENCE]->(:Creator)
WHERE elementId(shares) = id
DELETE shares
RETURN count(*) AS deleted
