"""Every Cypher file loads, documents its parameters and compiles on the real server."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.queries import load_queries, parse_query, queries


def test_every_query_compiles_on_the_server(db: Graph) -> None:
    assert queries(), "no Cypher files were found"
    for name, query in queries().items():
        params = dict.fromkeys(query.params)
        with db.driver.session(database=db.database) as session:
            session.run("EXPLAIN " + query.text, params).consume()
        assert query.doc, f"{name} has no header comment"


def test_an_undocumented_parameter_fails_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    bad = tmp_path / "x" / "get_thing.cypher"
    bad.write_text("// Returns a thing.\nMATCH (n {id: $id}) RETURN n\n")
    with pytest.raises(ServiceError, match=r"get_thing\.cypher: parameters not documented: id"):
        load_queries(tmp_path)


def test_a_documented_but_unused_parameter_fails(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="documented parameters not used: limit"):
        parse_query("x.y", tmp_path / "y.cypher", "// Rows.\n// $limit: at most this many\nRETURN 1\n")


def test_an_empty_query_fails() -> None:
    with pytest.raises(ServiceError, match="has no query"):
        parse_query("x.y", Path("y.cypher"), "// only a comment\n")


def test_parameters_in_strings_and_comments_do_not_count() -> None:
    query = parse_query("x.y", Path("y.cypher"), "// $a: one\nRETURN $a, '$b' // $c\n")
    assert query.params == frozenset({"a"})
    assert query.name == "x.y"
