"""What a change does to the knowledge: two knowledge bases -> entries added, removed, renamed
and changed, relations added, removed and changed (with provenance), and claims, arguments and
predictions whose standing changed. Pure: :func:`diff` returns plain data, the formatters text.
"""
from __future__ import annotations

import json
import re
from collections import Counter

from .export.records import entry_fields

__all__ = ["diff", "standing", "format_text", "format_markdown", "format_json", "is_empty"]

_DEBATED = ("claim", "argument", "prediction")


def _rename_refs(value, renames: dict[str, str]):
    """``value`` with every reference to a renamed id (``id`` or ``id#sense``) pointing at the new id."""
    if isinstance(value, str):
        target, hash_, sense = value.partition("#")
        return renames[target] + hash_ + sense if target in renames else value
    if isinstance(value, list):
        return [_rename_refs(v, renames) for v in value]
    if isinstance(value, dict):
        return {k: _rename_refs(v, renames) for k, v in value.items()}
    return value


def _renames(old, new, removed: set[str], added: set[str]) -> dict[str, str]:
    """Removed and added entries of the same kind whose fields, but for the id, are the same."""
    def fingerprint(entry):
        fields = {k: v for k, v in entry_fields(entry).items() if k != "id"}
        return entry.kind, json.dumps(fields, sort_keys=True, ensure_ascii=False)

    gone = Counter(fingerprint(old[i]) for i in removed)
    came: dict[tuple, list[str]] = {}
    for ident in sorted(added):
        came.setdefault(fingerprint(new[ident]), []).append(ident)
    renames = {}
    for ident in sorted(removed):
        candidates = came.get(fingerprint(old[ident]), [])
        if gone[fingerprint(old[ident])] == 1 and len(candidates) == 1:
            renames[ident] = candidates[0]
    return renames


def _edges(base, renames: dict[str, str] | None = None) -> dict[tuple, list[dict]]:
    """Edges by (source, relation, target, sense), their attributes without the line."""
    renames = renames or {}
    found: dict[tuple, list[dict]] = {}
    for source, target, data in base.graph.edges(data=True):
        source, target = renames.get(source, source), renames.get(target, target)
        key = (source, data["relation"], target, data.get("sense"))
        attrs = {k: v for k, v in data.items() if k not in ("line", "relation", "sense") and v is not None}
        found.setdefault(key, []).append(attrs)
    return {k: sorted(v, key=lambda a: json.dumps(a, sort_keys=True, default=str)) for k, v in found.items()}


def _edge_record(key: tuple, attrs: list[dict]) -> dict:
    source, relation, target, sense = key
    record = {"source": source, "relation": relation, "target": target}
    if sense:
        record["sense"] = sense
    merged = {k: v for a in attrs for k, v in a.items()}
    return {**record, **{k: list(v) if isinstance(v, tuple) else v for k, v in merged.items()}}


def standing(base, ident: str) -> dict:
    """Where a claim, argument or prediction stands: its status, who supports it, who attacks
    it, and which of those attacks are answered (their attacker is attacked in turn)."""
    entry = base[ident]
    attackers, supporters = {}, set()
    for source, _target, data in base.graph.in_edges(ident, data=True):
        if data["relation"] == "attacks":
            answers = sorted({s for s, _t, d in base.graph.in_edges(source, data=True) if d["relation"] == "attacks"})
            attackers[source] = answers
        elif data["relation"] in ("supports", "conclusion"):
            supporters.add(source)
    return {"status": getattr(entry, "status", None), "attacked_by": dict(sorted(attackers.items())),
            "supported_by": sorted(supporters)}


def _standing_changes(before: dict, after: dict, kind: str) -> list[str]:
    changes = []
    if before["status"] != after["status"]:
        resolved = kind == "prediction" and before["status"] == "open"
        changes.append(f"{'resolved' if resolved else 'status'}: {before['status']} -> {after['status']}")
    for attacker, answers in after["attacked_by"].items():
        answered = f"answered by {', '.join(answers)}" if answers else "unanswered"
        if attacker not in before["attacked_by"]:
            changes.append(f"attacked by {attacker} ({answered})")
        elif before["attacked_by"][attacker] != answers:
            changes.append(f"the attack by {attacker} is now {answered}")
    for attacker in before["attacked_by"]:
        if attacker not in after["attacked_by"]:
            changes.append(f"no longer attacked by {attacker}")
    changes += [f"supported by {s}" for s in after["supported_by"] if s not in before["supported_by"]]
    changes += [f"no longer supported by {s}" for s in before["supported_by"] if s not in after["supported_by"]]
    return changes


def diff(old, new) -> dict:
    """The meaning of the change from ``old`` to ``new`` (two :class:`kb.KnowledgeBase`).

    Relations of entries added or removed are not listed again under relations: the entry says it.
    """
    old_ids, new_ids = set(old.by_id), set(new.by_id)
    renames = _renames(old, new, old_ids - new_ids, new_ids - old_ids)
    added = sorted(new_ids - old_ids - set(renames.values()))
    removed = sorted(old_ids - new_ids - set(renames))

    def brief(entry):
        return {"id": entry.id, "kind": entry.kind, "name": entry.name}

    changed = []
    for ident in sorted((old_ids & new_ids) | set(renames)):
        now = renames.get(ident, ident)
        before = _rename_refs(entry_fields(old[ident]), renames)
        after = entry_fields(new[now])
        fields = {k: {"old": before.get(k), "new": after.get(k)} for k in sorted(set(before) | set(after))
                  if k != "id" and before.get(k) != after.get(k)}
        if old[ident].kind != new[now].kind:
            fields["kind"] = {"old": old[ident].kind, "new": new[now].kind}
        if fields:
            changed.append({**brief(new[now]), "fields": fields})

    old_edges, new_edges = _edges(old, renames), _edges(new)
    touched = set(added) | {renames.get(i, i) for i in removed}
    relations = {"added": [], "removed": [], "changed": []}
    for key in sorted(set(old_edges) | set(new_edges), key=lambda k: tuple(str(p) for p in k)):
        if key[0] in touched or key[2] in touched:
            continue
        if key not in old_edges:
            relations["added"].append(_edge_record(key, new_edges[key]))
        elif key not in new_edges:
            relations["removed"].append(_edge_record(key, old_edges[key]))
        elif old_edges[key] != new_edges[key]:
            relations["changed"].append({**_edge_record(key, new_edges[key]),
                                         "old": _edge_record(key, old_edges[key])})

    standings = []
    back = {v: k for k, v in renames.items()}
    for entry in new.entries():
        if entry.kind not in _DEBATED or entry.id in added:
            continue
        then = back.get(entry.id, entry.id)
        before = _rename_refs(standing(old, then), renames)
        before["attacked_by"] = {renames.get(k, k): v for k, v in before["attacked_by"].items()}
        after = standing(new, entry.id)
        changes = _standing_changes(before, after, entry.kind)
        if changes:
            standings.append({**brief(entry), "changes": changes, "standing": after})

    return {"added": [brief(new[i]) for i in added], "removed": [brief(old[i]) for i in removed],
            "renamed": [{"from": a, "to": b, "kind": new[b].kind} for a, b in sorted(renames.items())],
            "changed": changed, "relations": relations, "standing": standings}


def is_empty(result: dict) -> bool:
    return not any(result[k] for k in ("added", "removed", "renamed", "changed", "standing")) and \
        not any(result["relations"].values())


def _provenance(edge: dict) -> str:
    if edge.get("stated_in"):
        return f" (stated in {edge['stated_in']}{', ' + edge['locator'] if edge.get('locator') else ''})"
    if edge.get("editorial"):
        return " (editorial)"
    return ""


def _edge_text(edge: dict) -> str:
    target = edge["target"] + (f"#{edge['sense']}" if edge.get("sense") else "")
    return f"{edge['source']} {edge['relation']} {target}{_provenance(edge)}"


def _lines(result: dict, code, plain) -> list[tuple[str, list[str]]]:
    """(section title, items) pairs; ``code`` marks ids and values, ``plain`` escapes names."""
    def entry(e):
        return f"{code(e['id'])} ({e['kind']}): {plain(e['name'])}"

    def value(v):
        return "none" if v is None else code(str(v))

    sections = []
    if result["added"]:
        sections.append(("Entries added", [entry(e) for e in result["added"]]))
    if result["removed"]:
        sections.append(("Entries removed", [entry(e) for e in result["removed"]]))
    if result["renamed"]:
        sections.append(("Entries renamed", [f"{code(r['from'])} -> {code(r['to'])} ({r['kind']})"
                                             for r in result["renamed"]]))
    if result["changed"]:
        items = []
        for e in result["changed"]:
            parts = []
            for name, change in e["fields"].items():
                short = all(v is None or (isinstance(v, (str, int)) and len(str(v)) <= 40) for v in change.values())
                parts.append(f"{name}: {value(change['old'])} -> {value(change['new'])}" if short else name)
            items.append(f"{code(e['id'])} ({e['kind']}): {'; '.join(parts)}")
        sections.append(("Entries changed", items))
    for what in ("added", "removed", "changed"):
        if result["relations"][what]:
            sections.append((f"Relations {what}", [code(_edge_text(e)) for e in result["relations"][what]]))
    if result["standing"]:
        sections.append(("Standing changed", [f"{code(s['id'])} ({s['kind']}): {'; '.join(s['changes'])}"
                                              for s in result["standing"]]))
    return sections


def format_text(result: dict, title: str) -> str:
    if is_empty(result):
        return f"{title}: no change in meaning.\n"
    out = [f"{title}:"]
    for section, items in _lines(result, str, str):
        out += ["", f"{section} ({len(items)}):"] + [f"  {item}" for item in items]
    return "\n".join(out) + "\n"


def _code_span(text: str) -> str:
    """A Markdown code span holding ``text`` as it is: fenced by more backticks than it contains."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"`{text}`"


def format_markdown(result: dict, title: str) -> str:
    """Markdown for a CI job summary: ids, values and relations in code spans, names escaped."""
    from .pages.escape import escape_text

    out = [f"### {escape_text(title)}", ""]
    if is_empty(result):
        return "\n".join(out + ["No change in meaning.", ""])
    for section, items in _lines(result, _code_span, escape_text):
        out += [f"**{section}** ({len(items)})", ""] + [f"- {item}" for item in items] + [""]
    return "\n".join(out)


def format_json(result: dict) -> str:
    return json.dumps(result, indent=1, ensure_ascii=False) + "\n"
