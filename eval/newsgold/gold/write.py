"""Writing files safely: never half a file, never a file the command did not mean to write.

:func:`write_atomic` writes a temporary file in the target's folder, fsyncs it and renames
it over the target, so a reader sees the old file or the new one, never half of one. It
refuses, with coded errors, targets that would destroy something (see its docstring).
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Union

from ..escape import utf8
from .errors import Incident, NewsgoldError, incident
from .io import file_kind

PathLike = Union[str, "os.PathLike[str]"]

PROTECTED = ("annotations", "corpus", "data", "submissions")
"""The repository folders that hold the data and the systems' submissions; see :func:`protected_folders`."""


# ---------------------------------------------------------------------------------------
# Writing


def protected_folders(root: PathLike) -> tuple[Path, ...]:
    """The folders of a repository that outputs stay out of: ``annotations/``, ``corpus/``, ``data/``
    and ``submissions/`` (what contributors change by pull request, and what every command reads)."""
    return tuple(Path(root) / name for name in PROTECTED)


def check_output(
    path: PathLike,
    *,
    inputs: Iterable[PathLike] = (),
    protected: Iterable[PathLike] = (),
    allow_protected: bool = False,
) -> list[Incident]:
    """Why writing ``path`` would destroy something; empty when it is safe to write.

    Refused: a target that exists and is not a regular file (a folder, FIFO, device), or is
    a symbolic link (NG005); the same file as one of ``inputs`` (NG004; a target *inside* an
    input folder is fine); a target inside one of ``protected`` unless ``allow_protected``
    (NG006). :func:`write_atomic` checks this itself; call it early to fail before long work.
    """
    target = Path(path)
    file = str(target)
    try:
        st = os.lstat(target)
    except OSError:
        st = None  # missing (or its folder is): the write reports what is wrong
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            return [incident("NG005", file, message="the output is a symbolic link; it is not followed or replaced")]
        if not stat.S_ISREG(st.st_mode):
            return [incident("NG005", file, message=f"the output is {file_kind(st.st_mode)}, not a regular file")]
        for source in inputs:
            try:
                same = os.path.samefile(target, source)
            except OSError:
                continue
            if same:
                return [
                    incident(
                        "NG004",
                        file,
                        message=f"the output is the input {os.fspath(source)}: writing it would destroy what is read",
                    )
                ]
    if not allow_protected:
        real = Path(os.path.realpath(target.parent)) / target.name
        for folder in protected:
            guarded = Path(os.path.realpath(folder))
            if real == guarded or guarded in real.parents:
                return [
                    incident("NG006", file, message=f"the output lies inside {os.fspath(folder)}, which holds the data")
                ]
    return []


def check_folder(folder: PathLike, files: Mapping[str, str | bytes], *, force: bool = False) -> list[Incident]:
    """Why writing ``files`` (name relative to ``folder``: content) into ``folder`` would
    destroy something; empty when it is safe.

    A command that writes a folder knows a file there as its own when it holds exactly what
    the command is about to write it (a re-run changes nothing). Anything else in the folder
    (a file of another name, a subfolder, or one of its names edited since) may be someone's
    work: refused (NG011) unless ``force``, which replaces the names the command writes and
    leaves every other file as it is.
    """
    root = Path(folder)
    if force or not root.is_dir():
        return []
    foreign: list[str] = []
    for entry in sorted(root.rglob("*")):
        if entry.is_dir() and not entry.is_symlink():
            continue
        name = entry.relative_to(root).as_posix()
        content = files.get(name)
        if content is None or entry.is_symlink() or not entry.is_file():
            foreign.append(name)
            continue
        expected = content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content
        try:
            same = entry.stat().st_size == len(expected) and entry.read_bytes() == expected
        except OSError:
            same = False
        if not same:
            foreign.append(name)
    if not foreign:
        return []
    listed = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
    return [
        incident(
            "NG011",
            str(root),
            message=f"the output folder holds files this command did not write (or that changed since): {listed}",
        )
    ]


def _umask() -> int:
    try:  # Linux: read it without changing it
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_error(e: OSError, target: Path, *, making_folder: bool = False) -> NewsgoldError:
    file, folder = str(target), str(target.parent)
    strerror = e.strerror or str(e)
    if e.errno == errno.ENOENT:
        return NewsgoldError(
            incident(
                "NG007",
                file,
                message=f"the folder {folder} does not exist",
                hint=f"create it (mkdir -p {folder}) or fix the path",
            )
        )
    if e.errno == errno.ENOTDIR or (making_folder and e.errno == errno.EEXIST):
        where = e.filename or folder
        return NewsgoldError(
            incident(
                "NG007",
                file,
                message=f"{where} is a file where a folder is needed",
                hint="fix the path, or move that file out of the way",
            )
        )
    if e.errno == errno.EISDIR:
        return NewsgoldError(incident("NG005", file, message="the output is a folder, not a regular file"))
    if e.errno in (errno.EACCES, errno.EPERM) and making_folder and e.filename:
        parent = os.path.dirname(os.fspath(e.filename))
        return NewsgoldError(
            incident(
                "NG008",
                file,
                message=f"cannot create the folder {e.filename}: {strerror}",
                hint=f"make {parent} writable (chmod u+w), create the folder yourself, or write elsewhere",
            )
        )
    if e.errno in (errno.EACCES, errno.EPERM):
        return NewsgoldError(
            incident(
                "NG008",
                file,
                message=f"cannot write in {folder}: {strerror}",
                hint=f"make {folder} writable (chmod u+w) or write elsewhere",
            )
        )
    if e.errno == errno.EROFS:
        return NewsgoldError(
            incident("NG008", file, message=f"{folder} is on a read-only file system", hint="write elsewhere")
        )
    if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return NewsgoldError(
            incident(
                "NG008",
                file,
                message=f"no space left for {file} ({strerror}); the old file is unchanged",
                hint="free disk space, or write elsewhere",
            )
        )
    return NewsgoldError(incident("NG008", file, message=f"cannot write {file}: {strerror}"))


class _Pending:
    tmp: str | None = None


STOPPING = tuple(s for s in (getattr(signal, n, None) for n in ("SIGTERM", "SIGHUP", "SIGQUIT")) if s is not None)
"""The signals that stop a process and that a writer cleans up after: a terminal that
closes (SIGHUP) or Ctrl-\\ (SIGQUIT) leave no temporary file, as SIGTERM does not (Ctrl-C
is Python's KeyboardInterrupt, which the writer's own cleanup handles)."""


@contextmanager
def _sigterm_removes(pending: _Pending) -> Iterator[None]:
    """While writing, SIGTERM, SIGHUP and SIGQUIT remove the temporary file, then act as they
    would have.

    Only in the main thread (Python runs signal handlers there), and only for a signal
    handled from Python or by default: an ignored signal stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {s: signal.getsignal(s) for s in STOPPING}
    handled = {s: p for s, p in before.items() if p is not None and p != signal.SIG_IGN}

    def on_stop(signum: int, frame: Any) -> None:
        previous = handled[signum]
        if callable(previous):
            previous(signum, frame)  # if it raises, the writer's cleanup removes the file
            return
        if pending.tmp is not None:
            with suppress(OSError):
                os.unlink(pending.tmp)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for s in handled:
        signal.signal(s, on_stop)
    try:
        yield
    finally:
        for s, previous in handled.items():
            signal.signal(s, previous)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold the stopping signals and SIGINT back while the temporary file is made and its name kept."""
    block = getattr(signal, "pthread_sigmask", None)
    held = {*STOPPING, *(s for s in (getattr(signal, "SIGINT", None),) if s is not None)}
    if block is None or not held:
        yield
        return
    old = block(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, old)


Content = str | bytes | Iterable[str | bytes]


def write_atomic(
    path: PathLike,
    content: Content,
    *,
    inputs: Iterable[PathLike] = (),
    protected: Iterable[PathLike] = (),
    allow_protected: bool = False,
    parents: bool = True,
) -> None:
    """Write ``content`` (text as UTF-8, bytes as is, or an iterable of either) atomically.

    A temporary file with a unique name is made next to the target, written, flushed and
    fsynced, then renamed over the target (and the folder fsynced where that is possible):
    concurrent writers leave one whole file, never a mix. The temporary file is removed on
    every failure, Ctrl-C and SIGTERM included. An existing target keeps its permission
    bits; a new one gets 0666 less the umask.

    Refused with a :class:`NewsgoldError` (see :func:`check_output`): a target that is not a
    regular file or is a symbolic link (NG005), is the same file as one of ``inputs``
    (NG004), or lies inside one of ``protected`` unless ``allow_protected`` (NG006). Missing
    folders are made when ``parents`` (as before), else refused (NG007); a folder that cannot
    be made or written, or a full disk, is NG007 or NG008, never a traceback.
    """
    target = Path(path)
    problems = check_output(target, inputs=inputs, protected=protected, allow_protected=allow_protected)
    if problems:
        raise NewsgoldError(problems)
    folder = target.parent
    if parents:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise _write_error(e, target, making_folder=True) from None
    try:
        old_mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        old_mode = None
    mode = old_mode if old_mode is not None else 0o666 & ~_umask()
    chunks: Iterable[str | bytes] = (content,) if isinstance(content, (str, bytes)) else content
    pending = _Pending()
    try:
        with _sigterm_removes(pending):
            try:
                with _signals_held():
                    fd, pending.tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
                with os.fdopen(fd, "wb") as f:
                    with suppress(OSError):  # some file systems have no permission bits
                        os.chmod(pending.tmp, mode)
                    for chunk in chunks:
                        f.write(utf8(chunk) if isinstance(chunk, str) else chunk)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(pending.tmp, target)
                pending.tmp = None
            finally:
                if pending.tmp is not None:
                    with suppress(OSError):
                        os.unlink(pending.tmp)
    except OSError as e:
        raise _write_error(e, target) from None
    _fsync_folder(folder)


def write_folder(
    folder: PathLike,
    files: Mapping[str, str | bytes],
    *,
    inputs: Iterable[PathLike] = (),
    protected: Iterable[PathLike] = (),
    force: bool = False,
) -> list[Path]:
    """Write ``files`` (name relative to ``folder``: content) into ``folder``, each atomically;
    the paths written. Every target is checked (:func:`check_folder`, then
    :func:`check_output` for each file) before the first is written, so a refusal writes nothing."""
    root = Path(folder)
    inputs, protected = list(inputs), list(protected)
    problems = check_folder(root, files, force=force)
    for name in files:
        problems += check_output(root / name, inputs=inputs, protected=protected)
    if problems:
        raise NewsgoldError(problems)
    written = []
    for name, content in files.items():
        write_atomic(root / name, content, inputs=inputs, protected=protected)
        written.append(root / name)
    return written


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system allows fsync on a folder."""
    directory = getattr(os, "O_DIRECTORY", None)
    if directory is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | directory)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
