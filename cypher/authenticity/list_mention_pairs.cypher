// Who mentions whom, and how often: one row per ordered pair of different creators with
// `source`, `target` and `count` (MENTIONED counts summed over kinds). The engagement pod signal
// finds reciprocal rings in them and judges their strength against the market's
// (service/domain/authenticity_rings.py). Ordered by source, target.
MATCH (source:Creator)-[mention:MENTIONED]->(target:Creator)
WHERE source <> target
RETURN source.id AS source, target.id AS target, sum(mention.count) AS count
ORDER BY source, target
