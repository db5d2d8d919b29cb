"""Reading zip archives without trusting them: nothing is extracted to disk, and every member is
checked (name, size, compression ratio) before a byte of it is decompressed.

The attacks guarded against are the usual ones: a zip bomb (a small member that inflates to
gigabytes, or many members or nested zips that do together), path traversal names (``../x``,
``/etc/x``; harmless here because nothing is written, but a sure sign of a hostile file), and
headers that lie about sizes (:mod:`zipfile` stops at the declared size and then fails the CRC
check, so the declared size bounds what is read).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TypeVar

from achillescare.caches import LRU
from achillescare.importers.base import UnreadableFile
from achillescare.importers.limits import Limits, over_limit, too_big

_T = TypeVar("_T")

_READ_CHUNK = 1024 * 1024


def unsafe_name(name: str) -> str | None:
    """Why a member name would escape an extraction folder, or None if it would not."""
    if "\x00" in name:
        return "a NUL character in its name"
    normal = name.replace("\\", "/")
    if normal.startswith("/") or (len(normal) > 1 and normal[1] == ":"):
        return "an absolute path"
    if ".." in PurePosixPath(normal).parts:
        return "a '..' path that climbs out of the archive"
    return None


def is_hidden(name: str) -> bool:
    """Dot files, macOS resource forks (``__MACOSX/``, ``._x``) and the like: never activities."""
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/") if part)


@dataclass(frozen=True, slots=True)
class Member:
    """One file inside an archive, with the reason it must not be read if there is one."""

    name: str
    file_size: int
    compress_size: int
    problem: str | None = None


def list_members(zf: zipfile.ZipFile, limits: Limits) -> list[Member]:
    """The files of an archive (folders and hidden files left out), each checked against limits.

    Raises UnreadableFile when the archive as a whole has too many members.
    """
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise UnreadableFile(
            f"the archive has {len(infos):,} members; the limit is {limits.max_members:,}"
        )
    members = []
    for info in infos:
        problem = _member_problem(info, limits)
        if problem is None and (info.is_dir() or is_hidden(info.filename)):
            continue
        members.append(Member(info.filename, info.file_size, info.compress_size, problem))
    return members


def _member_problem(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    unsafe = unsafe_name(info.filename)
    if unsafe is not None:
        return f"refused: the archive names it with {unsafe}"
    if info.flag_bits & 0x1:
        return "the member is encrypted; unpack it with its password first"
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
        return (
            f"refused as a likely zip bomb: it expands {ratio:,.0f}:1 "
            f"(the limit is {limits.max_ratio:,.0f}:1)"
        )
    return None


def read_member(zf: zipfile.ZipFile, name: str, max_bytes: int) -> bytes:
    """The decompressed bytes of a member, streamed so that no more than ``max_bytes`` are held."""
    info = zf.getinfo(name)
    if info.file_size > max_bytes:
        raise UnreadableFile(too_big("the file", info.file_size, max_bytes))
    chunks = []
    total = 0
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(_READ_CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise UnreadableFile(over_limit(max_bytes))
                chunks.append(chunk)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
    ) as error:
        raise UnreadableFile(f"damaged archive member ({error})") from None
    except NotImplementedError as error:  # e.g. an unsupported compression method
        raise UnreadableFile(f"cannot decompress this member ({error})") from None
    return b"".join(chunks)


def read_member_head(zf: zipfile.ZipFile, name: str, n_bytes: int) -> bytes:
    """The first ``n_bytes`` of a member (to recognise its format without reading it all)."""
    return with_member_stream(zf, name, lambda stream: stream.read(n_bytes))


def with_member_stream(zf: zipfile.ZipFile, name: str, read: Callable[[IO[bytes]], _T]) -> _T:
    """``read`` applied to a member opened as a stream (decompressed as it is read, so a
    member of gigabytes is never held whole); damage becomes :class:`UnreadableFile`."""
    try:
        with zf.open(name) as stream:
            return read(stream)
    except UnreadableFile:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as error:
        raise UnreadableFile(f"damaged archive member ({error})") from None


def open_zip(source: Path | bytes) -> zipfile.ZipFile:
    """Open an archive from a path or bytes; raises UnreadableFile with the reason."""
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"not a readable zip archive ({error})") from None
    except OSError as error:
        raise UnreadableFile(f"cannot read the archive ({error.strerror or error})") from None


OPEN_ARCHIVES = 4
"""Archives one import keeps open: the export being read and the zips nested in it (a Garmin
export nests one level), with room to spare; reading walks them in order, so more would not
help."""

_ArchiveKey = tuple[tuple[Path, int, int], tuple[str, ...]]
"""((archive on disk, its mtime in ns, its size), the nested members leading to this zip)."""


class ArchiveCache:
    """Keeps the archives being read open between calls, so that reading the 3,000 members of an
    export one by one parses its central directory once, not 3,000 times.

    One per import (:class:`~achillescare.importers.sources.Discovery` owns it) and used by that
    import's one thread: two imports at once never share, close or wait for each other's
    archives. A bounded LRU (:mod:`achillescare.caches`) that closes the archives it evicts;
    an archive changed on disk (mtime or size) is a new key and is opened afresh.
    """

    def __init__(self, capacity: int = OPEN_ARCHIVES) -> None:
        self._open: LRU[_ArchiveKey, zipfile.ZipFile] = LRU(capacity, on_evict=_close)

    @contextmanager
    def open(
        self, path: Path, nested: tuple[str, ...], limits: Limits
    ) -> Iterator[zipfile.ZipFile]:
        """The innermost archive of ``path`` → ``nested[0]`` → …, opened or taken from the cache."""
        try:
            stat = path.stat()
        except OSError as error:
            raise UnreadableFile(f"cannot read the archive ({error.strerror})") from None
        disk = (path, stat.st_mtime_ns, stat.st_size)
        zf = self._open.get((disk, ()))
        if zf is None:
            zf = open_zip(path)
            self._open.put((disk, ()), zf)
        for depth in range(len(nested)):
            key = (disk, nested[: depth + 1])
            inner = self._open.get(key)
            if inner is None:
                inner = open_zip(read_member(zf, nested[depth], limits.max_nested_archive_bytes))
                self._open.put(key, inner)
            zf = inner
        yield zf

    def close(self) -> None:
        """Close whatever archives are open (the next ``open`` reopens them)."""
        self._open.clear()

    def __len__(self) -> int:
        return len(self._open)


def _close(_key: _ArchiveKey, zf: zipfile.ZipFile) -> None:
    zf.close()
