"""The `kb` commands that ask the graph a question: path, why, cruxes, disagreements, read.

Each is a thin wrapper over a query of :mod:`kb.query`: readable text by default, ``--json``
for the result's ``as_dict()``. Ids, names and aliases are accepted wherever an id is.
"""
from __future__ import annotations

import json
import sys

from .base import UnknownEntry
from .model import RELATIONS

__all__ = ["cmd_path", "cmd_why", "cmd_cruxes", "cmd_disagreements", "cmd_read", "add_commands"]


def _print_json(data) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _unknown(err: UnknownEntry) -> int:
    print(f"kb: {err}", file=sys.stderr)
    return 1


def cmd_path(args) -> int:
    """Show how two entries connect: the shortest chain of relations between them.

    cites and mentions are left out unless --all-relations is given.
    Example: kb path "base objective" deceptive-alignment
    """
    base = args.load(args.dir)
    try:
        found = base.path(args.a, args.b, relations=list(RELATIONS) if args.all_relations else None)
    except UnknownEntry as err:
        return _unknown(err)
    if args.json:
        _print_json(found.as_dict() if found else None)
    elif found is None:
        print(f"kb: nothing connects {args.a} and {args.b}.", file=sys.stderr)
    elif not found.steps:
        print(f"{found.start.name} is the entry itself.")
    else:
        print(found)
    return 0 if found is not None else 1


def cmd_why(args) -> int:
    """Draw the argument tree of a claim, down to the evidence.

    What concludes, supports or attacks it, their premises, and so on down to the evidence, with
    where each link comes from.

    Example: kb why gradient-descent-will-select-for-inner-search
    """
    base = args.load(args.dir)
    try:
        tree = base.argument_tree(args.id)
    except UnknownEntry as err:
        return _unknown(err)
    if args.json:
        _print_json(tree.as_dict())
    else:
        print(tree)
    return 0


def cmd_cruxes(args) -> int:
    """List the cruxes: claims argued both for and against, those most depended on first.

    Example: kb cruxes --limit 5
    """
    base = args.load(args.dir)
    found = base.cruxes()[: args.limit] if args.limit else base.cruxes()
    if args.json:
        _print_json([c.as_dict() for c in found])
        return 0
    for n, crux in enumerate(found, 1):
        print(f"{n:3}. {crux.claim.name} ({crux.claim.id}, {crux.claim.status})")
        print(f"     {crux.dependents} entries depend on it; {crux.supports} for, {crux.attacks} against")
    if not found:
        print("kb: no claim is argued both for and against.", file=sys.stderr)
    return 0


def cmd_disagreements(args) -> int:
    """List where the sources disagree: pairs of sources on opposite sides of a claim.

    From what the sources state; add --editorial for the connections the editors draw.

    Example: kb disagreements --editorial
    """
    base = args.load(args.dir)
    found = base.disagreements(editorial=args.editorial)
    if args.json:
        _print_json([d.as_dict() for d in found])
        return 0
    for d in found:
        print(str(d) + (" (rests on an editorial link)" if d.editorial else ""))
    if not found:
        print("kb: no two sources are recorded on opposite sides of a claim"
              + ("." if args.editorial else " (try --editorial)."), file=sys.stderr)
    return 0


def cmd_read(args) -> int:
    """Say what to read, in order, to understand entries: prerequisites first, each once.

    Example: kb read pseudo-alignment
    """
    base = args.load(args.dir)
    try:
        order = base.reading_order(*args.ids)
    except UnknownEntry as err:
        return _unknown(err)
    if args.json:
        _print_json([{"id": e.id, "kind": e.kind, "name": e.name, "summary": e.summary} for e in order])
        return 0
    for n, entry in enumerate(order, 1):
        print(f"{n:3}. {entry.name} ({entry.id}): {entry.summary}")
    return 0


def add_commands(add, load) -> None:
    """Register the commands with the CLI's ``add(name, function)`` helper; ``load(dir)``
    loads the knowledge base the way every command does."""
    def command(name, function):
        sub = add(name, function)
        sub.set_defaults(load=load)
        return sub

    sub = command("path", cmd_path)
    sub.add_argument("a", metavar="A", help="id, name or alias")
    sub.add_argument("b", metavar="B", help="id, name or alias")
    sub.add_argument("--all-relations", action="store_true", help="follow cites and mentions too")
    sub.add_argument("--json", action="store_true", help="print the result as JSON")
    sub = command("why", cmd_why)
    sub.add_argument("id", metavar="CLAIM", help="id, name or alias of a claim, argument or prediction")
    sub.add_argument("--json", action="store_true", help="print the result as JSON")
    sub = command("cruxes", cmd_cruxes)
    sub.add_argument("--limit", type=int, default=0, metavar="N", help="show only the first N (default: all)")
    sub.add_argument("--json", action="store_true", help="print the result as JSON")
    sub = command("disagreements", cmd_disagreements)
    sub.add_argument("--editorial", action="store_true", help="count editorial connections too")
    sub.add_argument("--json", action="store_true", help="print the result as JSON")
    sub = command("read", cmd_read)
    sub.add_argument("ids", nargs="+", metavar="ID", help="ids, names or aliases")
    sub.add_argument("--json", action="store_true", help="print the result as JSON")
