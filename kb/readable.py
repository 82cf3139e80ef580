"""Which files kb may read for a knowledge base besides its entry files' folder: only those inside
the base's own folders.

Entries are contributions, perhaps hostile ones. A source's ``text:`` (``../../../..``, an
absolute path, a symbolic link) or an entry file that is a symbolic link must not make a check
on a CI machine read an arbitrary file of it (an SSH key, the token in ``.git/config``) into
its output, its verdict or its site. So kb reads such a file only when, once resolved (``..``
and symbolic links followed to where they lead), it is a visible file (no part of its path in
the folder starts with ``.``) inside one of the base's folders (:func:`folders_of`): the root
of the project holding the base (or, outside any project, the folder holding the knowledge
base folder, as a project's root holds ``concepts/``) and the folders the ``texts`` setting names.

>>> from pathlib import Path
>>> refusal(Path("/etc/passwd"), (Path("/home/me/field"),))
'it leads outside the folders kb reads (/home/me/field)'
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["folders_of", "refusal"]


def folders_of(root, project=None) -> tuple[Path, ...]:
    """The folders whose files kb may read for the knowledge base at ``root`` (a folder, or a
    kb-json file) in ``project`` (a :class:`kb.project.Project`, or None), resolved."""
    folder = Path(root).absolute()
    folder = folder.parent if folder.is_file() else folder  # a kb-json file stands for its folder
    own = Path(project.root) if project is not None else folder.parent
    extra = project.settings.texts if project is not None else ()
    return tuple(dict.fromkeys(Path(os.path.realpath(folder)) for folder in (own, *extra)))


def refusal(path, folders) -> str | None:
    """Why kb may not read ``path`` for a base whose folders are ``folders``, or None when it may."""
    real = Path(os.path.realpath(path))
    hidden = None
    for folder in folders:
        if real == folder or folder in real.parents:
            hidden = next((part for part in real.relative_to(folder).parts if part.startswith(".")), None)
            if hidden is None:
                return None
    if hidden is not None:
        return f"it leads into the hidden '{hidden}' ({real}), which kb does not read"
    return f"it leads outside the folders kb reads ({', '.join(str(f) for f in folders)})"
