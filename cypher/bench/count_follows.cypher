// How many FOLLOWS edges and audience members the graph holds (bench/load.py checks each load
// wrote what it should). Returns one row: `follows`, `members`.
MATCH (m:AudienceMember)
OPTIONAL MATCH (m)-[r:FOLLOWS]->(:Creator)
RETURN count(r) AS follows, count(DISTINCT m) AS members
