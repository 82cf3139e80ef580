"""The verdict on a knowledge base in its project: every problem kb reports, with the rules the
project's settings select.

``kb check``, ``kb build`` (either engine), ``kb pages``, ``kb stats``, the MkDocs plugin and
``KnowledgeBase.check()`` in Python all call :func:`project_problems`, so a rule a maintainer selects or ignores in ``[tool.kb]`` (or the
kb plugin's options) is reported, or left out, by every one of them alike.
"""
from __future__ import annotations

from pathlib import Path

from .selection import Selection

__all__ = ["selection_of", "project_problems", "settings_errors"]


def selection_of(project=None, select=None, ignore=None) -> Selection:
    """The rules to report: the project's ``select`` and ``ignore`` settings with those given
    (the command line's): ``select`` replaces the settings' select, ``ignore`` adds to their ignore.
    Raises :class:`kb.selection.UnknownCode` for a code no rule has."""
    settings = project.settings if project is not None else None
    return Selection.of(select or (settings.select if settings else ()),
                        [*(settings.ignore if settings else ()), *(ignore or ())])


def settings_errors(project) -> list:
    """The errors in the project's settings (KB120) that its selection reports: an engine cannot
    build from settings it cannot read (the valid ones are kept when KB120 is ignored)."""
    selection = selection_of(project)  # the settings' codes are valid: an unknown one is not kept
    errors = [p for p in project.problems if p.severity == "error" and selection(p.code)]
    return sorted(errors, key=lambda p: (p.file, p.line))


def project_problems(base, project=None, *, files=None, select=None, ignore=None,
                     base_checked: bool = False, checked=None) -> list:
    """The problems of ``base`` (its own checks, less those ``base_checked`` says were found
    clean already) and, when ``base`` is the project's own knowledge base and no ``files`` are
    given, the project's (its settings and reading paths: :func:`kb.project.check_project`),
    each kept when the selection (:func:`selection_of`) reports its rule. ``checked``: the base's
    problems found already (:class:`kb.recheck.Checked`, as ``mkdocs serve`` checks a save)."""
    from .project import check_project

    selection = selection_of(project, select, ignore)
    if base_checked:
        found = []
    elif checked is not None and files is None:
        found = checked.problems(select=selection.select, ignore=selection.ignore)
    else:
        found = base.check(files=files, select=selection.select, ignore=selection.ignore, settings=False)
    if project is not None and files is None and _is_own(base, project):
        found += [p for p in check_project(project, base) if selection(p.code)]
    return found


def _is_own(base, project) -> bool:
    root = getattr(base, "root", None)
    return root is not None and Path(root).resolve() == Path(project.concepts).resolve()
