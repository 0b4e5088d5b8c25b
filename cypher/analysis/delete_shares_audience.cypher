// Publishing, step 3: deletes the served SHARES_AUDIENCE relationships of the previous run.
// Returns `deleted`.
MATCH (:Creator)-[shares:SHARES_AUDIENCE]->(:Creator)
DELETE shares
RETURN count(*) AS deleted
