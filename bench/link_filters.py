"""Which link filter places most creators without blurring the planted communities, by market size.

For each dataset folder (`influence-map demo-data` output: audience.csv and truth.json; the demo
market is generated into a temporary folder when none is given), the shared audience is counted
with the sparse engine's own selection (service/domain/analysis/overlap.py select_links, no
Neo4j) under each link filter of FILTERS (top 20 per creator, >= 2 shared members), and
the link graph (weighted by the ranking score: Jaccard or affinity) is clustered with networkit
ParallelLeiden (seeded; a stand-in for the service's GDS Leiden, so the filters are compared on
equal terms). Reported per filter: links, the share of
creators with at least one link, clusters, the largest cluster's share of creators, modularity,
and NMI against the planted communities (all creators: an unlinked creator is its own cluster;
and only the linked ones), and the time of each selection (one streaming pass over A @ A.T).
Run: .venv/bin/python bench/link_filters.py [DATASET_DIR ...]. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkit as nk
import numpy as np
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from sklearn.metrics import normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders.demo_data import DemoSpec, generate_demo_data  # noqa: E402
from service.domain.analysis.overlap import (  # noqa: E402
    AudienceIndex,
    Pairs,
    PairScore,
    co_membership_blocks,
    select_links,
)

TOP_K = 20
MIN_SHARED = 2
# name -> (min_jaccard, largest p-value or None, what ranks top-k and weighs the clustering)
FILTERS: dict[str, tuple[float, float | None, PairScore]] = {
    "jaccard>=0.01 (today)": (0.01, None, "jaccard"),
    "top-k only (no floor)": (0.0, None, "jaccard"),
    "significant p<=1e-6": (0.0, 1e-6, "jaccard"),
    "significant p<=1e-12": (0.0, 1e-12, "jaccard"),
    "affinity, jaccard>=0.01": (0.01, None, "affinity"),
    "affinity, top-k only": (0.0, None, "affinity"),
    "affinity, significant p<=1e-6": (0.0, 1e-6, "affinity"),
}


def read_index(audience_csv: Path) -> AudienceIndex:
    """The audience of a dataset folder, dictionary-encoded by Arrow (no Python strings per row)."""
    table = pacsv.read_csv(
        audience_csv, convert_options=pacsv.ConvertOptions(include_columns=["member_id", "creator_id"])
    )
    creators = pc.dictionary_encode(table["creator_id"]).combine_chunks()
    members = pc.dictionary_encode(table["member_id"]).combine_chunks()
    names = creators.dictionary.to_pylist()
    order = np.argsort(np.asarray(names, dtype=object))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    rows = rank[creators.indices.to_numpy().astype(np.int64)]
    return AudienceIndex.from_pairs(
        [names[i] for i in order], rows, members.indices.to_numpy().astype(np.int64)
    )


def apply_filter(index: AudienceIndex, min_jaccard: float, max_p: float | None, score: PairScore) -> Pairs:
    return select_links(
        index,
        min_shared=MIN_SHARED,
        min_jaccard=min_jaccard,
        top_k=TOP_K,
        link_filter="jaccard" if max_p is None else "significant",
        max_p_value=max_p or 1.0,
        pair_score=score,
    )


def evaluate(index: AudienceIndex, links: Pairs, truth: dict[str, str], weight: PairScore) -> dict[str, Any]:
    n = len(index.creators)
    graph = nk.Graph(n, weighted=True)
    if len(links):
        graph.addEdges((getattr(links, weight), (links.a, links.b)))
    nk.setSeed(42, False)
    if len(links):
        partition = (
            nk.community.ParallelLeiden(graph, randomize=True, iterations=3, gamma=1.0).run().getPartition()
        )
        labels = np.array([partition.subsetOf(node) for node in range(n)])
        modularity = float(nk.community.Modularity().getQuality(partition, graph))
    else:
        labels, modularity = np.arange(n), 0.0
    linked = np.zeros(n, dtype=np.bool_)
    linked[links.a] = True
    linked[links.b] = True
    # An unlinked creator is a cluster of its own, whatever the algorithm labels it.
    labels = np.where(linked, labels, -1 - np.arange(n))
    planted = np.array([truth.get(creator, "?") for creator in index.creators])
    sizes = np.unique(labels, return_counts=True)[1]
    return {
        "links": len(links),
        "placed_share": round(float(linked.mean()), 4),
        "clusters": len(sizes),
        "clusters_of_2_or_more": int((sizes >= 2).sum()),
        "largest_cluster_share": round(float(sizes.max()) / n, 4),
        "modularity": round(modularity, 4),
        "nmi_all": round(float(normalized_mutual_info_score(planted, labels)), 4),
        "nmi_linked": round(float(normalized_mutual_info_score(planted[linked], labels[linked])), 4)
        if linked.any()
        else None,
    }


def study(folder: Path, filters: list[str]) -> dict[str, Any]:
    truth = json.loads((folder / "truth.json").read_text())["community_of"]
    started = time.perf_counter()
    index = read_index(folder / "audience.csv")
    read = time.perf_counter()
    pairs = sum(int((a < b).sum()) for a, b, _, _ in co_membership_blocks(index, MIN_SHARED))
    counted = time.perf_counter()
    result: dict[str, Any] = {
        "creators": len(index.creators),
        "members": index.members,
        "audience_pairs": int(index.matrix.nnz),
        "pairs_with_2_shared": pairs,
        "read_seconds": round(read - started, 2),
        "count_seconds": round(counted - read, 2),
        "filters": {},
    }
    for name in filters:
        min_jaccard, max_p, score = FILTERS[name]
        begun = time.perf_counter()
        links = apply_filter(index, min_jaccard, max_p, score)
        filtered = time.perf_counter() - begun
        result["filters"][name] = {
            **evaluate(index, links, truth, score),
            "select_seconds": round(filtered, 2),
        }
        print(f"[{folder.name}] {name}: {result['filters'][name]}", file=sys.stderr, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("datasets", nargs="*", type=Path)
    parser.add_argument("--filters", default=";".join(FILTERS), help="names of FILTERS, separated by ;")
    args = parser.parse_args()
    filters = args.filters.split(";")
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as work:
        folders = args.datasets
        if not folders:
            demo = Path(work) / "market-demo"
            generate_demo_data(demo, DemoSpec())
            folders = [demo]
        for folder in folders:
            figures[folder.name] = study(folder, filters)
    figures["clustering"] = (
        "networkit ParallelLeiden (seed 42) on the links, weighted by each filter's ranking score "
        "(Jaccard or affinity)"
    )
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
