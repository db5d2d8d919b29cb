"""The one caching policy of AchillesCare: a bounded, thread-safe LRU keyed on what the value is
computed from.

Every cache in the app is an :class:`LRU` (or a function wrapped by :func:`memoized`, an LRU
underneath): it holds at most a documented number of entries, evicting the least recently used,
and serves many threads at once (the web server answers on a thread pool). The rules that keep
a cache correct:

- **A key names everything the value depends on, including the version of stored data**, so a
  change makes old entries unreachable rather than relying on every writer to remember to
  invalidate: the training facts key on the runner's ``training_revision``, which the storage
  layer bumps in the transaction of each write to their inputs; a dashboard line keys on the
  decision-log row, which is never changed; a dashboard keys its entry on the store's
  fingerprint. Ids in keys are never reused (``AUTOINCREMENT``, migration 0010).
- **Explicit invalidation where data goes away**: :meth:`LRU.discard_where` drops the entries of
  a deleted runner or account, so nothing about them lingers in memory until evicted.
- **Capacities are named constants next to the cache** with the reason for their size.
- **A cache belongs to whoever owns its data**: per store (:class:`PerOwner`), per app, or per
  import; never one process-wide instance that unrelated callers share and contend for.

Written on :class:`collections.OrderedDict` (``move_to_end``/``popitem``) rather than taking a
dependency: the whole policy is these few lines, and they carry the typing and locking that a
generic cache library leaves to the caller anyway.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

__all__ = ["LRU", "PerOwner", "memoized"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
O = TypeVar("O")  # noqa: E741 - the owner type
P = ParamSpec("P")


class LRU(Generic[K, V]):
    """At most ``capacity`` entries; a lookup makes an entry the most recently used, an insert
    beyond capacity evicts the least recently used (``on_evict`` is called for it, e.g. to close
    an open file). All methods are safe to call from several threads at once."""

    def __init__(self, capacity: int, on_evict: Callable[[K, V], None] | None = None) -> None:
        if capacity < 1:
            raise ValueError(f"a cache holds at least one entry, not {capacity}")
        self.capacity = capacity
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._on_evict = on_evict

    def get(self, key: K) -> V | None:
        """The value for ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` for ``key``, evicting the least recently used entries beyond capacity."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            evicted = [
                self._entries.popitem(last=False) for _ in range(len(self._entries) - self.capacity)
            ]
        self._evicted(evicted)

    def discard_where(self, stale: Callable[[K], bool]) -> int:
        """Drop every entry whose key ``stale`` accepts (data that went away); how many."""
        with self._lock:
            gone = [key for key in self._entries if stale(key)]
            evicted = [(key, self._entries.pop(key)) for key in gone]
        self._evicted(evicted)
        return len(evicted)

    def clear(self) -> None:
        """Drop every entry (``on_evict`` is called for each)."""
        with self._lock:
            evicted = list(self._entries.items())
            self._entries.clear()
        self._evicted(evicted)

    def keys(self) -> Iterator[K]:
        """The keys, least recently used first (a snapshot)."""
        with self._lock:
            return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def _evicted(self, entries: list[tuple[K, V]]) -> None:
        if self._on_evict is not None:
            for key, value in entries:
                self._on_evict(key, value)


def memoized(capacity: int) -> Callable[[Callable[P, V]], Callable[P, V]]:
    """Cache a pure function's results by its (hashable) arguments in an :class:`LRU`.

    For values computed from shipped, immutable data (the rulebook, the exercise library); the
    wrapper's ``cache`` attribute is the LRU. Two threads missing at once may both compute;
    the function being pure, either result is the same."""

    def decorate(function: Callable[P, V]) -> Callable[P, V]:
        cache: LRU[Hashable, V] = LRU(capacity)

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> V:
            key = (args, tuple(sorted(kwargs.items())))
            found = cache.get(key)
            if found is None:
                found = function(*args, **kwargs)
                cache.put(key, found)
            return found

        wrapper.cache = cache  # type: ignore[attr-defined]
        return wrapper

    return decorate


class PerOwner(Generic[O, V]):
    """``of(owner)`` → the owner's own ``make()`` (made on first use, dropped with the owner).

    Lets a service keep a cache per open store without holding the store alive or sharing one
    cache between two stores (two test databases, a server and a benchmark in one process)."""

    def __init__(self, make: Callable[[], V]) -> None:
        self._make = make
        self._owned: WeakKeyDictionary[O, V] = WeakKeyDictionary()
        self._lock = threading.Lock()

    def __call__(self, owner: O) -> V:
        with self._lock:
            found = self._owned.get(owner)
            if found is None:
                found = self._owned[owner] = self._make()
            return found
