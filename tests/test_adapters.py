"""The adapters write the published datasets in the loaders' convention, losing nothing.

Every expected number is computed here from the raw files with the csv module (not with the
adapters' pandas code), so a wrong filter, join or dedup in an adapter shows up as a mismatch.
"""

from __future__ import annotations

import ast
import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli.main import main
from tests.conftest import DATA

LASTFM = DATA / "lastfm-hetrec2011"
CONGRESS = DATA / "congress-twitter"
GITHUB = DATA / "github-repo-contributors"
POLBLOGS = DATA / "polblogs"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_tsv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(newline="", encoding=encoding) as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def adapt(*args: str) -> None:
    result = CliRunner().invoke(main, ["adapt", *args])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output


@pytest.fixture(scope="module")
def lastfm_core(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lastfm")
    adapt("lastfm", str(out), "--source", str(LASTFM), "--min-listeners", "10")
    return out


def test_lastfm_keeps_artists_with_enough_listeners_and_all_their_listens(lastfm_core: Path) -> None:
    plays: dict[tuple[str, str], int] = defaultdict(int)
    for row in read_tsv(LASTFM / "user_artists.dat"):
        plays[(row["userID"], row["artistID"])] += int(row["weight"])
    listeners: dict[str, set[str]] = defaultdict(set)
    for user, artist in plays:
        listeners[artist].add(user)
    kept = {artist for artist, users in listeners.items() if len(users) >= 10}

    creators = read_rows(lastfm_core / "creators.csv")
    audience = read_rows(lastfm_core / "audience.csv")
    assert {row["id"] for row in creators} == {f"lastfm-artist-{a}" for a in kept}
    assert len(creators) == len(kept)
    for row in creators:
        assert int(row["followers"]) == len(listeners[row["id"].removeprefix("lastfm-artist-")])
    expected_pairs = {(u, a) for (u, a) in plays if a in kept}
    written = {
        (row["member_id"].removeprefix("lastfm-user-"), row["creator_id"].removeprefix("lastfm-artist-"))
        for row in audience
    }
    assert len(audience) == len(expected_pairs)
    assert written == expected_pairs
    for row in audience[:500]:
        pair = (
            row["member_id"].removeprefix("lastfm-user-"),
            row["creator_id"].removeprefix("lastfm-artist-"),
        )
        assert float(row["weight"]) == plays[pair]
        assert row["kind"] == "follows"


def test_lastfm_topics_lead_with_the_most_used_tag(lastfm_core: Path) -> None:
    # Count tag uses per artist from the raw assignment file, by tag name.
    names = {row["tagID"]: row["tagValue"] for row in read_tsv(LASTFM / "tags.dat", encoding="latin-1")}
    uses: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in read_tsv(LASTFM / "user_taggedartists.dat"):
        uses[row["artistID"]][names[row["tagID"]]] += 1
    for row in read_rows(lastfm_core / "creators.csv"):
        counts = uses.get(row["id"].removeprefix("lastfm-artist-"), {})
        topics = [t for t in row["topics"].split(";") if t]
        assert len(topics) == min(3, len(counts))
        if counts:
            assert counts[topics[0]] == max(counts.values())


def test_lastfm_without_a_floor_keeps_every_listened_artist(tmp_path: Path) -> None:
    adapt("lastfm", str(tmp_path), "--source", str(LASTFM))
    raw = read_tsv(LASTFM / "user_artists.dat")
    assert len(read_rows(tmp_path / "creators.csv")) == len({row["artistID"] for row in raw})
    assert len(read_rows(tmp_path / "audience.csv")) == len({(r["userID"], r["artistID"]) for r in raw})


def congress_edgelist() -> list[tuple[int, int, float]]:
    """The networkx edge list `i j {'weight': w}` (the official file, not the derived CSV)."""
    edges = []
    for line in (CONGRESS / "congress.edgelist").read_text().splitlines():
        source, target, attributes = line.split(" ", 2)
        edges.append((int(source), int(target), float(ast.literal_eval(attributes)["weight"])))
    return edges


def test_congress_members_are_creators_with_party_and_influence_becomes_mentions(tmp_path: Path) -> None:
    adapt("congress", str(tmp_path), "--source", str(CONGRESS))
    network = json.loads((CONGRESS / "congress_network_data_with_party.ianw2560.json").read_text())[0]
    usernames, parties = network["usernameList"], network["partyList"]
    edges = congress_edgelist()

    creators = read_rows(tmp_path / "creators.csv")
    assert len(creators) == len(set(usernames))
    assert {row["id"]: row["party"] for row in creators} == {
        f"congress-{name}": party for name, party in zip(usernames, parties, strict=True)
    }
    mentions = read_rows(tmp_path / "mentions.csv")
    assert len(mentions) == len({(i, j) for i, j, _ in edges})
    # i -> j in the source means j engaged with i: the mention goes j -> i.
    count_of = {(row["source_id"], row["target_id"]): int(row["count"]) for row in mentions}
    assert set(count_of) == {(f"congress-{usernames[j]}", f"congress-{usernames[i]}") for i, j, _ in edges}
    smallest: dict[int, float] = {}
    for i, _, weight in edges:
        smallest[i] = min(weight, smallest.get(i, weight))
    for i, j, weight in edges:
        count = count_of[(f"congress-{usernames[j]}", f"congress-{usernames[i]}")]
        assert count >= 1
        # Counts keep the published weights' proportions within each influenced member.
        assert count * smallest[i] == pytest.approx(weight, rel=1e-9)
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert truth["party_of"]["congress-SenatorBaldwin"] == parties[usernames.index("SenatorBaldwin")]


def latest_repo_rows() -> dict[str, dict[str, str]]:
    """repo id -> its most recently updated row (a repo repeats under several search words)."""
    latest: dict[str, dict[str, str]] = {}
    for row in read_rows(GITHUB / "repo_info_stop75.csv"):
        seen = latest.get(row[""])
        if seen is None or row["updated_at"] >= seen["updated_at"]:
            latest[row[""]] = row
    return latest


@pytest.mark.parametrize("min_stars", [0, 1000])
def test_github_repos_are_creators_and_contributors_their_audience(tmp_path: Path, min_stars: int) -> None:
    adapt("github", str(tmp_path), "--source", str(GITHUB), "--min-stars", str(min_stars))
    repos = {rid: row for rid, row in latest_repo_rows().items() if int(row["stargazers_count"]) >= min_stars}
    pairs = {
        (row["Contributor"], row["Repo"])
        for row in read_rows(GITHUB / "repo_contributor_relationship_table_all.csv")
        if row["Repo"] in repos
    }

    creators = read_rows(tmp_path / "creators.csv")
    assert len(creators) == len(repos)
    for row in creators:
        source = repos[row["id"].removeprefix("github-repo-")]
        assert int(row["followers"]) == int(source["stargazers_count"])
        assert row["topics"].split(";") == (ast.literal_eval(source["topics"]) or [""])
    audience = read_rows(tmp_path / "audience.csv")
    assert len(audience) == len(pairs)
    assert {
        (r["member_id"].removeprefix("github-user-"), r["creator_id"].removeprefix("github-repo-"))
        for r in audience
    } == pairs


def test_a_wrong_source_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["adapt", "lastfm", str(tmp_path / "out"), "--source", str(tmp_path)])
    assert result.exit_code != 0
    assert "missing artists.dat" in result.output
    assert not (tmp_path / "out").exists()


def test_polblogs_blogs_are_creators_with_leaning_and_links_become_mentions(tmp_path: Path) -> None:
    adapt("polblogs", str(tmp_path), "--source", str(POLBLOGS))
    with (POLBLOGS / "polblogs_nodes.csv").open() as nodes:
        leaning = {f"polblogs-{row['id']}": row["leaning_name"] for row in csv.DictReader(nodes)}
    links: dict[tuple[str, str], int] = defaultdict(int)
    with (POLBLOGS / "polblogs_edges.csv").open() as edges:
        for row in csv.DictReader(edges):
            if row["source"] != row["target"]:
                links[(f"polblogs-{row['source']}", f"polblogs-{row['target']}")] += int(row["count"])
    linked_by: dict[str, int] = defaultdict(int)
    for _, target in links:
        linked_by[target] += 1
    with (tmp_path / "creators.csv").open() as written:
        creators = {row["id"]: row for row in csv.DictReader(written)}
    assert len(creators) == 1490 and {k: v["leaning"] for k, v in creators.items()} == leaning
    assert all(int(row["followers"]) == linked_by[key] for key, row in creators.items())
    with (tmp_path / "mentions.csv").open() as written:
        mentions = {
            (row["source_id"], row["target_id"]): int(row["count"]) for row in csv.DictReader(written)
        }
    assert mentions == links and len(mentions) == 19_022
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert truth["leaning_of"] == leaning
