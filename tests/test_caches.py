"""The one cache policy (:mod:`achillescare.caches`): bounded, least recently used out first,
safe across threads, with explicit invalidation and per-owner caches."""

from __future__ import annotations

import gc
import threading

import pytest

from achillescare.caches import LRU, PerOwner, memoized


class TestLRU:
    def test_it_never_holds_more_than_its_capacity(self) -> None:
        """Inserting past capacity evicts the least recently used entry."""
        cache: LRU[str, int] = LRU(2)
        cache.put("a", 1)
        cache.put("b", 2)
        cache.put("c", 3)
        assert len(cache) == 2
        assert "a" not in cache
        assert (cache.get("b"), cache.get("c")) == (2, 3)

    def test_a_lookup_makes_an_entry_the_most_recently_used(self) -> None:
        """The entry just read survives the next eviction; the one not read goes."""
        cache: LRU[str, int] = LRU(2)
        cache.put("a", 1)
        cache.put("b", 2)
        assert cache.get("a") == 1
        cache.put("c", 3)
        assert list(cache.keys()) == ["a", "c"]

    def test_evicted_and_cleared_entries_are_handed_to_on_evict(self) -> None:
        """``on_evict`` sees every entry that leaves (how an open archive gets closed)."""
        gone: list[tuple[str, int]] = []
        cache: LRU[str, int] = LRU(1, on_evict=lambda key, value: gone.append((key, value)))
        cache.put("a", 1)
        cache.put("b", 2)
        cache.clear()
        assert gone == [("a", 1), ("b", 2)]
        assert len(cache) == 0

    def test_discard_where_drops_exactly_the_stale_keys(self) -> None:
        """Explicit invalidation: the entries of one runner go, the others stay."""
        cache: LRU[tuple[int, str], str] = LRU(10)
        for runner_id, day in [(1, "mon"), (2, "mon"), (1, "tue")]:
            cache.put((runner_id, day), f"{runner_id} {day}")
        assert cache.discard_where(lambda key: key[0] == 1) == 2
        assert list(cache.keys()) == [(2, "mon")]

    def test_it_refuses_a_capacity_below_one(self) -> None:
        with pytest.raises(ValueError, match="at least one"):
            LRU[str, int](0)

    def test_threads_writing_at_once_keep_it_bounded_and_consistent(self) -> None:
        """Eight threads putting and reading 2,000 keys each: never over capacity, and every
        value read back is the one stored under its key."""
        cache: LRU[tuple[int, int], int] = LRU(64)
        start = threading.Barrier(8)
        wrong: list[tuple[int, int]] = []

        def work(thread: int) -> None:
            start.wait()
            for i in range(2000):
                cache.put((thread, i), thread * 10_000 + i)
                found = cache.get((thread, i // 2))
                if found is not None and found != thread * 10_000 + i // 2:
                    wrong.append((thread, i))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert wrong == []
        assert len(cache) == 64


class TestMemoized:
    def test_it_computes_once_per_argument_within_capacity(self) -> None:
        calls: list[int] = []

        @memoized(capacity=2)
        def square(n: int) -> int:
            calls.append(n)
            return n * n

        assert [square(2), square(2), square(3), square(2)] == [4, 4, 9, 4]
        assert calls == [2, 3]
        square(4)  # evicts 3, the least recently used
        square(3)
        assert calls == [2, 3, 4, 3]


class _Owner:
    """Something a cache can belong to (a store, in the app)."""


class TestPerOwner:
    def test_each_owner_has_its_own_and_keeps_it(self) -> None:
        caches: PerOwner[_Owner, LRU[str, int]] = PerOwner(lambda: LRU[str, int](4))
        first, second = _Owner(), _Owner()
        assert caches(first) is caches(first)
        assert caches(first) is not caches(second)

    def test_a_cache_goes_with_its_owner(self) -> None:
        """The registry holds owners weakly: a closed, dropped store frees its cache."""
        caches: PerOwner[_Owner, LRU[str, int]] = PerOwner(lambda: LRU[str, int](4))
        owner = _Owner()
        caches(owner).put("x", 1)
        assert len(caches._owned) == 1
        del owner
        gc.collect()
        assert len(caches._owned) == 0
