"""GraphML and CSV exports, read back by the tools that consume them (networkx, the csv module)."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import networkx as nx

import kb
from kb.export.csvtables import to_csv
from kb.export.graphml import LIST_SEPARATOR, to_graphml
from kb.export.records import edge_rows, node_rows
from mistakes import good_base


def _graphml_value(row_value):
    if isinstance(row_value, tuple):
        return LIST_SEPARATOR.join(row_value)
    return row_value


def test_graphml_reads_back_with_every_attribute_and_type(tmp_path):
    base = kb.load(good_base(tmp_path))
    graph = nx.read_graphml(io.StringIO(to_graphml(base)), force_multigraph=True)
    assert set(graph) == {e.id for e in base}
    for row in node_rows(base):
        data = graph.nodes[row["id"]]
        for key, value in row.items():
            if key != "id" and value not in (None, ()):
                assert data[key] == _graphml_value(value), (row["id"], key)
        assert data["label"] == base[row["id"]].name and not data["file"].startswith("/")
    read = sorted((s, t, d["relation"], d.get("sense"), d["line"]) for s, t, d in graph.edges(data=True))
    made = sorted((r["source"], r["target"], r["relation"], r.get("sense"), r["line"]) for r in edge_rows(base))
    assert read == made
    attacks = [d for _s, t, d in graph.edges(data=True) if d["relation"] == "attacks"]
    assert attacks and all(d["label"] == "attacks" for d in attacks)
    assert all(isinstance(d["line"], int) for _s, _t, d in graph.edges(data=True))


def test_graphml_declares_every_attribute_and_writes_no_none(tmp_path):
    text = to_graphml(kb.load(good_base(tmp_path)))
    root = ET.fromstring(text)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
    names = {k.get("attr.name") for k in root.findall("g:key[@for='node']", ns)}
    assert {"label", "kind", "status", "summary", "file", "line"} <= names  # status: absent on terms, still declared
    assert "None" not in {d.text for d in root.iter(f"{{{ns['g']}}}data")}
    labels = [n.text for n in root.iter(f"{{{ns['y']}}}NodeLabel")]  # what yEd draws
    assert len(labels) == len(root.findall(".//g:node", ns)) and "optimizer" in labels


def test_csv_tables_read_back_with_the_csv_module(tmp_path):
    base = kb.load(good_base(tmp_path))
    tables = to_csv(base)
    nodes = list(csv.DictReader(io.StringIO(tables["nodes.csv"])))
    edges = list(csv.DictReader(io.StringIO(tables["edges.csv"])))
    assert [n["id:ID"] for n in nodes] == sorted(e.id for e in base)
    for got, row in zip(nodes, node_rows(base)):
        assert got[":LABEL"] == f"Entry;{row['kind'].capitalize()}"
        for key, value in row.items():
            column = next(c for c in got if c.split(":")[0] == key) if key != "id" else "id:ID"
            if isinstance(value, tuple):
                assert got[column].split(";") == list(value) if value else got[column] == ""
            elif key != "id":
                assert got[column] == ("" if value is None else str(value)), (row["id"], key)
    assert len(edges) == base.graph.number_of_edges()
    assert {(e[":START_ID"], e[":END_ID"], e[":TYPE"]) for e in edges} == \
        {(s, t, d["relation"].upper()) for s, t, d in base.graph.edges(data=True)}
    header = next(csv.reader(io.StringIO(tables["nodes.csv"])))
    assert header[:2] == ["id:ID", ":LABEL"] and "line:int" in header and "aliases:string[]" in header
    ids = {n["id:ID"] for n in nodes}
    assert all(e[":START_ID"] in ids and e[":END_ID"] in ids for e in edges)  # what an importer requires


def test_every_format_and_kb_diff_have_their_docs():
    from pathlib import Path

    from kb.export import FORMATS

    docs = Path(__file__).resolve().parent.parent / "docs" / "exports"
    text = "\n".join(p.read_text(encoding="utf-8") for p in docs.glob("*.md"))
    for name in FORMATS:
        assert f"--format {name}" in text, name
    assert "kb diff REV" in (docs / "diff.md").read_text(encoding="utf-8")
