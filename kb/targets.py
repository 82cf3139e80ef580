"""Where kb may write: one rule, :func:`refusal`, for every command that writes into a folder or a
file (``kb build -o`` and the plugin's ``site_dir``, ``kb pages -o``, ``kb export -o``,
``kb schema -o``, ``kb new``, ``kb init``).

A command writes into a folder of its own. It never takes as its target one of the
:func:`places` it would litter or damage (the user's home folder, the project's root, its
knowledge base, its docs folder, the files its settings name), nor a folder that holds one of
them (``/``, a parent of the project); and it never writes inside those it must stay out of
(the knowledge base, for every command but ``kb new``, whose target it is).

>>> from pathlib import Path
>>> refusal(Path("/home/me/field"), {"the project": Path("/home/me/field")}, flag="-o")
"-o '/home/me/field' is the project (/home/me/field): kb would litter it with its files. Choose a folder of its own, e.g. -o site"
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["places", "refusal"]


def places(project=None, concepts=None) -> dict[str, Path]:
    """What kb never writes over or into as a whole, by what it is: the user's home folder, and,
    when given, the knowledge base folder and the project's root, docs folder and the files its
    settings name."""
    found: dict[str, Path] = {}
    try:
        found["your home folder"] = Path.home()
    except (RuntimeError, KeyError):  # no home folder known
        pass
    if project is not None:
        settings = project.settings
        found.update({"the project": project.root, "the docs folder": project.docs or project.root / "docs",
                      "the home page's introduction": settings.introduction,
                      "the reading paths": settings.reading_paths})
    if concepts is not None:
        found["the knowledge base"] = concepts
    return {what: path for what, path in found.items() if path is not None}


def refusal(target, kept: dict[str, Path], *, inside=("the knowledge base",), flag: str = "-o",
            harm: str = "kb would litter it with its files", example: str = "site") -> str | None:
    """Why kb may not write into (or as) ``target``, or None when it may.

    ``kept``: the :func:`places` kb must not take (nor a folder holding one); ``inside``: those of
    them it must also stay out of; ``harm``: what writing there would do; ``flag`` and ``example``
    make the message's advice (``-o site``).
    """
    real = _real(target)
    shown = f"{flag} '{target}'" if flag else f"'{target}'"
    advice = f"Choose a folder of its own, e.g. {flag + ' ' if flag else ''}{example}"
    real_places = {what: _real(path) for what, path in kept.items()}
    for what, place in real_places.items():  # "is" before "holds": the message names the place itself
        if place == real:
            return f"{shown} is {what} ({place}): {harm}. {advice}"
    for what, place in real_places.items():
        if real in place.parents:
            return f"{shown} holds {what} ({place}): {harm}. {advice}"
    for what in inside:
        place = real_places.get(what)
        if place is not None and place in real.parents:
            return f"{shown} lies inside {what} ({place}). Choose a folder outside it, e.g. {flag + ' ' if flag else ''}{example}"
    return None


def _real(path) -> Path:
    """``path`` absolute, its symbolic links followed (also through a part that does not exist yet)."""
    return Path(os.path.realpath(os.path.abspath(str(path))))
