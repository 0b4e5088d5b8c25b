"""Real datasets from ../shared/data, read with pandas and written with tests.seed (never copied)."""

from __future__ import annotations

import pandas as pd

from loaders.adapters import lastfm_listens
from service.graph.db import Graph
from tests.conftest import DATA
from tests.seed import seed

LASTFM = DATA / "lastfm-hetrec2011"
CONGRESS = DATA / "congress-twitter"


def seed_lastfm(db: Graph) -> pd.DataFrame:
    """Artists as creators (named, top tag as topic), listeners as FOLLOWS. Returns the listens."""
    listens = lastfm_listens(LASTFM)
    summary = pd.read_csv(LASTFM / "derived_artist_summary.csv")
    summary["creator"] = "a" + summary["artistID"].astype(str)
    summary = summary[summary["creator"].isin(set(listens["creator"]))]
    seed(
        db,
        [{"id": row.creator, "name": row.name} for row in summary.itertuples()],
        follows=list(listens.itertuples(index=False, name=None)),
        topics=[(row.creator, row.top_tag) for row in summary.itertuples() if isinstance(row.top_tag, str)],
    )
    return listens


def congress_members() -> pd.DataFrame:
    nodes = pd.read_csv(CONGRESS / "congress_nodes.csv")
    nodes["creator"] = "c" + nodes["idx"].astype(str)
    return nodes


def congress_mentions() -> pd.DataFrame:
    """One row per directed edge as (source, target) = (who mentioned, who was mentioned).

    The file's src -> dst means dst retweeted, quoted, replied to or mentioned src (SOURCE.md)."""
    edges = pd.read_csv(CONGRESS / "congress_edges.csv")
    edges = edges[edges["src"] != edges["dst"]]
    return pd.DataFrame({"source": "c" + edges["dst"].astype(str), "target": "c" + edges["src"].astype(str)})


def seed_congress(db: Graph) -> None:
    """Members as creators, each engagement as one MENTIONED (count 1)."""
    members = congress_members()
    mentions = congress_mentions()
    seed(
        db,
        [{"id": row.creator, "name": row.username} for row in members.itertuples()],
        mentions=[(source, target, 1) for source, target in mentions.itertuples(index=False, name=None)],
    )
