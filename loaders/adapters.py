"""Adapters: turn the real datasets in ../shared/data into the loaders' folder convention.

Each adapter reads one source folder and writes `creators.csv`, `audience.csv` and/or
`mentions.csv` (the columns the loaders expect) into an output folder. The data stays where it
is: the output folder is scratch space chosen by the caller, never the repository.

Ids are prefixed with the source (`lastfm-artist-51`, `github-user-octocat`, ...) so several
datasets can live in one database without colliding.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.write import CREATOR_PROPERTIES
from service.graph.errors import ServiceError

# ../shared/data next to the checkout (loaders/adapters.py -> checkout -> its parent).
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"

# The convention's creator columns: the id, then the properties the loader writes.
CREATOR_COLUMNS = ["id", *CREATOR_PROPERTIES]
# `last_at` (the last interaction, for `engaged` rows) is optional in the convention.
AUDIENCE_COLUMNS = ["member_id", "creator_id", "kind", "weight", "since", "last_at"]
# Optional per-member columns an adapter may add (the loaders keep the last value per member).
MEMBER_COLUMNS = ["platform", "country", "age_band", "gender"]
MENTION_COLUMNS = ["source_id", "target_id", "count", "kind", "first_at", "last_at"]
AUDIENCE_KINDS = ("follows", "engaged")


@dataclass(frozen=True)
class AdaptedDataset:
    """What an adapter wrote: the folder and the row count of each file."""

    directory: Path
    creators: int
    audience: int
    mentions: int

    def describe(self) -> str:
        return (
            f"{self.directory}: {self.creators} creators, {self.audience} audience rows, "
            f"{self.mentions} mentions"
        )


def require_files(source: Path, names: Iterable[str]) -> None:
    """Fail with one clear error naming every missing source file."""
    missing = [name for name in names if not (source / name).is_file()]
    if missing:
        raise ServiceError(
            400,
            "missing_source",
            f"{source}: missing {', '.join(missing)} (is this the right dataset folder?)",
            {"directory": str(source), "missing": missing},
        )


def join_topics(topics: Iterable[str]) -> str:
    """`;`-separated topics; a `;` inside a topic would split it, so it becomes a space."""
    cleaned = (str(topic).replace(";", " ").strip() for topic in topics)
    return ";".join(topic for topic in cleaned if topic)


def write_dataset(
    out_dir: Path,
    creators: pd.DataFrame,
    audience: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> AdaptedDataset:
    """Write the convention's CSV files (only those given) with their columns in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    creators.reindex(columns=_with_extras(creators, CREATOR_COLUMNS)).to_csv(
        out_dir / "creators.csv", index=False
    )
    if audience is not None:
        columns = [c for c in AUDIENCE_COLUMNS if c in audience.columns or c != "last_at"]
        columns += [c for c in MEMBER_COLUMNS if c in audience.columns]
        audience.reindex(columns=columns).to_csv(out_dir / "audience.csv", index=False)
    if mentions is not None:
        mentions.reindex(columns=MENTION_COLUMNS).to_csv(out_dir / "mentions.csv", index=False)
    return AdaptedDataset(
        out_dir,
        len(creators),
        0 if audience is None else len(audience),
        0 if mentions is None else len(mentions),
    )


def _with_extras(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """The convention's columns first, then any extra ones the adapter added (e.g. `party`)."""
    return columns + [column for column in frame.columns if column not in columns]


def check_audience_kind(kind: str) -> str:
    if kind not in AUDIENCE_KINDS:
        raise ServiceError(400, "bad_option", f"audience kind must be one of {AUDIENCE_KINDS}, not {kind!r}")
    return kind


# --- Last.fm HetRec 2011 ---------------------------------------------------------------------


def adapt_lastfm(
    source: Path,
    out_dir: Path,
    *,
    min_listeners: int = 1,
    top_tags: int = 3,
    audience_kind: str = "follows",
) -> AdaptedDataset:
    """Artists as creators, users' listening counts as weighted audience edges.

    - creators: artists with at least `min_listeners` distinct listeners (1 keeps all 17,632;
      10 keeps the dense core of about 1,500); `followers` = distinct listeners, `topics` = the
      artist's `top_tags` most-assigned tags (ties broken by tag name).
    - audience: one row per (user, kept artist), `weight` = play count.
    """
    require_files(source, ["artists.dat", "user_artists.dat", "tags.dat", "user_taggedartists.dat"])
    check_audience_kind(audience_kind)
    artists = pd.read_csv(source / "artists.dat", sep="\t", quoting=3, dtype={"id": int, "name": str})
    plays = pd.read_csv(source / "user_artists.dat", sep="\t")
    plays = plays.groupby(["userID", "artistID"])["weight"].sum().reset_index()
    listeners = plays.groupby("artistID")["userID"].nunique().rename("listeners")
    kept = listeners[listeners >= min_listeners]
    creators = artists.join(kept, on="id", how="inner")
    topics = lastfm_top_tags(source, top_tags)
    creators = pd.DataFrame(
        {
            "id": "lastfm-artist-" + creators["id"].astype(str),
            "handle": creators["name"],
            "name": creators["name"],
            "platform": "lastfm",
            "followers": creators["listeners"].astype(int),
            "topics": creators["id"].map(topics).fillna(""),
        }
    )
    audience_rows = plays[plays["artistID"].isin(kept.index)]
    audience = pd.DataFrame(
        {
            "member_id": "lastfm-user-" + audience_rows["userID"].astype(str),
            "creator_id": "lastfm-artist-" + audience_rows["artistID"].astype(str),
            "kind": audience_kind,
            "weight": audience_rows["weight"].astype(int),
        }
    )
    return write_dataset(out_dir, creators, audience)


def lastfm_listens(source: Path, min_listeners: int = 10) -> pd.DataFrame:
    """(member, creator) rows, `u<user>` and `a<artist>`, of the artists with at least
    `min_listeners` listeners: the dense core the analysis tests and benches use."""
    require_files(source, ["user_artists.dat"])
    listens = pd.read_csv(source / "user_artists.dat", sep="\t")
    listeners = listens.groupby("artistID")["userID"].nunique()
    kept = listens[listens["artistID"].isin(listeners[listeners >= min_listeners].index)]
    return pd.DataFrame(
        {"member": "u" + kept["userID"].astype(str), "creator": "a" + kept["artistID"].astype(str)}
    )


def lastfm_top_tags(source: Path, top: int) -> pd.Series:
    """artistID -> its `top` most-assigned tag names joined by `;`."""
    tags = pd.read_csv(source / "tags.dat", sep="\t", encoding="latin-1", quoting=3)
    assigned = pd.read_csv(source / "user_taggedartists.dat", sep="\t", usecols=["artistID", "tagID"])
    counted = assigned.groupby(["artistID", "tagID"]).size().rename("uses").reset_index()
    counted = counted.merge(tags, on="tagID")
    counted = counted.sort_values(["artistID", "uses", "tagValue"], ascending=[True, False, True])
    best = counted.groupby("artistID").head(top)
    return best.groupby("artistID")["tagValue"].agg(join_topics)


# --- Congressional Twitter interaction network ------------------------------------------------


def adapt_congress(source: Path, out_dir: Path) -> AdaptedDataset:
    """Members of the 117th Congress as creators, their influence edges as mentions.

    - creators: one per member, `id` = `congress-<username>`, `platform` = twitter, and an extra
      `party` column (D/R, from the ianw2560 labels); party is ground truth, so it is kept out of
      `topics` (topics would hand it to the clustering as a feature).
    - mentions: the source edge A -> B means B retweeted, quoted, replied to or mentioned A, so it
      becomes the mention B -> A. The source weight is engagements(A -> B) / tweets by A; the
      tweet count of A is not published, so `count` = weight / (A's smallest weight), rounded.
      That is an integer up to float noise for every edge (checked), and it equals the raw
      engagement count whenever A's least-engaged edge had one engagement. `kind` = mention:
      the source does not say which of the four kinds an edge was.
    """
    require_files(source, ["congress_nodes.csv", "congress_edges.csv"])
    nodes = pd.read_csv(source / "congress_nodes.csv", dtype={"username": str, "party_ianw2560": str})
    edges = pd.read_csv(source / "congress_edges.csv")
    ids = "congress-" + nodes.set_index("idx")["username"]
    creators = pd.DataFrame(
        {
            "id": ids.to_numpy(),
            "handle": nodes["username"],
            "name": nodes["username"],
            "platform": "twitter",
            "party": nodes["party_ianw2560"].fillna(""),
        }
    )
    counts = congress_counts(edges)
    mentions = pd.DataFrame(
        {
            "source_id": edges["dst"].map(ids),
            "target_id": edges["src"].map(ids),
            "count": counts,
            "kind": "mention",
        }
    )
    written = write_dataset(out_dir, creators, mentions=mentions)
    truth = {"party_of": dict(zip(creators["id"], creators["party"], strict=True))}
    (out_dir / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n")
    return written


def congress_counts(edges: pd.DataFrame) -> pd.Series:
    """Engagement counts from the published per-source probabilities (see adapt_congress)."""
    smallest = edges.groupby("src")["weight"].transform("min")
    ratio = edges["weight"] / smallest
    counts = ratio.round()
    if (ratio - counts).abs().max() > 1e-6:
        raise ServiceError(
            400, "bad_source", "congress_edges.csv: weights are not multiples of each source's smallest"
        )
    return counts.astype(int).clip(lower=1)


# --- GitHub repositories and contributors -----------------------------------------------------


def adapt_github(
    source: Path, out_dir: Path, *, min_stars: int = 0, audience_kind: str = "follows"
) -> AdaptedDataset:
    """Repositories as creators, contributors as their audience.

    - creators: one per distinct repository id with at least `min_stars` stars; a repository
      listed under several search words keeps its most recently updated row. `followers` = stars,
      `handle` = owner/name, `topics` = its GitHub topics, `language` = its programming language
      (the convention's `language` column is a free string; for GitHub it is the code's).
    - audience: one row per (contributor, kept repository), `weight` = contributions (a
      contributor listed twice for a repository has the counts summed).
    """
    require_files(source, ["repo_info_stop75.csv", "repo_contributor_relationship_table_all.csv"])
    check_audience_kind(audience_kind)
    repos = pd.read_csv(source / "repo_info_stop75.csv").rename(columns={"Unnamed: 0": "repo_id"})
    repos = repos.sort_values(["repo_id", "updated_at"]).drop_duplicates("repo_id", keep="last")
    repos = repos[repos["stargazers_count"] >= min_stars]
    creators = pd.DataFrame(
        {
            "id": "github-repo-" + repos["repo_id"].astype(str),
            "handle": repos["url"].str.lstrip("/"),
            "name": repos["name"],
            "platform": "github",
            "followers": repos["stargazers_count"].astype(int),
            "language": repos["language"].fillna(""),
            "topics": repos["topics"].map(github_topics),
        }
    )
    contributions = pd.read_csv(
        source / "repo_contributor_relationship_table_all.csv",
        usecols=["Repo", "Contributor", "Contributions"],
    )
    contributions = contributions[contributions["Repo"].isin(repos["repo_id"])]
    contributions = contributions.groupby(["Contributor", "Repo"])["Contributions"].sum().reset_index()
    audience = pd.DataFrame(
        {
            "member_id": "github-user-" + contributions["Contributor"].astype(str),
            "creator_id": "github-repo-" + contributions["Repo"].astype(str),
            "kind": audience_kind,
            "weight": contributions["Contributions"].astype(int),
        }
    )
    return write_dataset(out_dir, creators, audience)


def github_topics(listed: object) -> str:
    """The scrape stores topics as a Python list literal: "['3d', 'webgl']"."""
    if not isinstance(listed, str) or not listed.strip():
        return ""
    try:
        topics = ast.literal_eval(listed)
    except (ValueError, SyntaxError):
        return ""
    return join_topics(topics) if isinstance(topics, list) else ""


# --- Political blogs (Adamic & Glance 2005) ----------------------------------------------------


def adapt_polblogs(source: Path, out_dir: Path) -> AdaptedDataset:
    """Political blogs as creators, their hyperlinks as mentions.

    - creators: one per blog (isolated blogs too), `id` = `polblogs-<id>`, `handle` = its URL,
      `platform` = blog, `followers` = blogs linking to it (in-degree: the data has no readers),
      and an extra `leaning` column (left/right); leaning is ground truth, so it is kept out of
      `topics`.
    - mentions: one per linking pair, `count` = its hyperlink records (1 or 2), `kind` = mention;
      the 3 self-links are left out (a creator cannot mention itself).
    """
    require_files(source, ["polblogs_nodes.csv", "polblogs_edges.csv"])
    nodes = pd.read_csv(source / "polblogs_nodes.csv", dtype={"url": str, "leaning_name": str})
    edges = pd.read_csv(source / "polblogs_edges.csv")
    edges = edges[edges["source"] != edges["target"]]
    edges = edges.groupby(["source", "target"])["count"].sum().reset_index()
    ids = "polblogs-" + nodes["id"].astype(str)
    linked_by = edges.groupby("target")["source"].nunique()
    creators = pd.DataFrame(
        {
            "id": ids,
            "handle": nodes["url"],
            "name": nodes["url"],
            "platform": "blog",
            "followers": nodes["id"].map(linked_by).fillna(0).astype(int),
            "leaning": nodes["leaning_name"].fillna(""),
        }
    )
    mentions = pd.DataFrame(
        {
            "source_id": "polblogs-" + edges["source"].astype(str),
            "target_id": "polblogs-" + edges["target"].astype(str),
            "count": edges["count"].astype(int),
            "kind": "mention",
        }
    )
    written = write_dataset(out_dir, creators, mentions=mentions)
    truth = {"leaning_of": dict(zip(creators["id"], creators["leaning"], strict=True))}
    (out_dir / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n")
    return written
