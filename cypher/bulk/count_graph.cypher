// What a database holds, from the count store (instant at any size): one row, `labels` (a map of
// label -> node count) and `types` (relationship type -> count). The bulk path refuses a database
// that holds data (bookkeeping labels aside) unless told to replace it, and says what it drops.
CALL apoc.meta.stats() YIELD labels, relTypesCount
RETURN labels, relTypesCount AS types
