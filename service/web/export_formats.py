"""The creator map as GEXF, GraphML or JSON (for Gephi, Kumu, yEd and others)."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

NODE_FIELDS = {
    "handle": "string",
    "followers": "long",
    "cluster": "integer",
    "cluster_name": "string",
    "bridge_score": "double",
    "hub_score": "double",
}
EDGE_FIELDS = {"shared": "long", "lift": "double"}
GRAPHML_TYPES = {"string": "string", "long": "long", "integer": "int", "double": "double"}
MIMETYPES = {"json": "application/json", "gexf": "application/gexf+xml", "graphml": "application/graphml+xml"}


def render(graph: dict[str, Any], fmt: str) -> str:
    """Render `{"nodes": [...], "edges": [...]}` in one of MIMETYPES' formats."""
    if fmt == "json":
        return json.dumps(graph)
    return ET.tostring(
        to_gexf(graph) if fmt == "gexf" else to_graphml(graph), encoding="unicode", xml_declaration=True
    )


def to_gexf(graph: dict[str, Any]) -> ET.Element:
    root = ET.Element("gexf", xmlns="http://gexf.net/1.3", version="1.3")
    body = ET.SubElement(root, "graph", defaultedgetype="undirected")
    declare_gexf(body, "node", NODE_FIELDS)
    declare_gexf(body, "edge", EDGE_FIELDS)
    nodes = ET.SubElement(body, "nodes")
    for node in graph["nodes"]:
        element = ET.SubElement(nodes, "node", id=node["id"], label=str(node.get("handle") or node["id"]))
        gexf_values(element, node, NODE_FIELDS)
    edges = ET.SubElement(body, "edges")
    for number, edge in enumerate(graph["edges"]):
        element = ET.SubElement(
            edges,
            "edge",
            id=str(number),
            source=edge["source"],
            target=edge["target"],
            weight=str(edge.get("shared") or 1),
        )
        gexf_values(element, edge, EDGE_FIELDS)
    return root


def declare_gexf(body: ET.Element, kind: str, fields: dict[str, str]) -> None:
    attributes = ET.SubElement(body, "attributes", {"class": kind})
    for name, typ in fields.items():
        ET.SubElement(attributes, "attribute", id=name, title=name, type=typ)


def gexf_values(element: ET.Element, item: dict[str, Any], fields: dict[str, str]) -> None:
    values = ET.SubElement(element, "attvalues")
    for name in fields:
        if item.get(name) is not None:
            ET.SubElement(values, "attvalue", {"for": name, "value": str(item[name])})


def to_graphml(graph: dict[str, Any]) -> ET.Element:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for kind, fields in (("node", NODE_FIELDS), ("edge", EDGE_FIELDS)):
        for name, typ in fields.items():
            ET.SubElement(
                root, "key", {"id": name, "for": kind, "attr.name": name, "attr.type": GRAPHML_TYPES[typ]}
            )
    body = ET.SubElement(root, "graph", edgedefault="undirected")
    for node in graph["nodes"]:
        graphml_data(ET.SubElement(body, "node", id=node["id"]), node, NODE_FIELDS)
    for edge in graph["edges"]:
        graphml_data(
            ET.SubElement(body, "edge", source=edge["source"], target=edge["target"]), edge, EDGE_FIELDS
        )
    return root


def graphml_data(element: ET.Element, item: dict[str, Any], fields: dict[str, str]) -> None:
    for name in fields:
        if item.get(name) is not None:
            ET.SubElement(element, "data", key=name).text = str(item[name])
