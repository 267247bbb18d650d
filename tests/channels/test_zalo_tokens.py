"""The Zalo token pair is stored atomically, privately, and the newest pair wins."""
import asyncio
import os
import stat

import pytest

from connectors.zalo_tokens import TokenPair, TokenStore


def test_the_seed_is_written_on_first_use(tmp_path):
    store = TokenStore(tmp_path / "var" / "zalo.json", TokenPair("a0", "r0"))
    assert store.load() == TokenPair("a0", "r0")
    assert stat.S_IMODE(os.stat(tmp_path / "var" / "zalo.json").st_mode) == 0o600


def test_a_refreshed_pair_survives_a_restart_with_the_old_environment(tmp_path):
    path = tmp_path / "zalo.json"
    TokenStore(path, TokenPair("a0", "r0")).save(TokenPair("a1", "r1", 123.0))
    assert TokenStore(path, TokenPair("a0", "r0")).load() == TokenPair("a1", "r1", 123.0)


def test_a_new_pair_in_the_environment_wins_over_the_file(tmp_path):
    path = tmp_path / "zalo.json"
    TokenStore(path, TokenPair("a0", "r0")).save(TokenPair("a1", "r1"))
    assert TokenStore(path, TokenPair("a9", "r9")).load() == TokenPair("a9", "r9")


def test_without_seed_the_file_is_used_and_without_both_there_is_nothing(tmp_path):
    path = tmp_path / "zalo.json"
    assert TokenStore(path).load() is None
    TokenStore(path, TokenPair("a0", "r0")).save(TokenPair("a1", "r1"))
    assert TokenStore(path).load() == TokenPair("a1", "r1")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "zalo.json"
    store = TokenStore(path, TokenPair("a0", "r0"))
    store.load()

    def broken_replace(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        store.save(TokenPair("a1", "r1"))
    assert TokenStore(path).load() == TokenPair("a0", "r0")
    assert [p.name for p in tmp_path.iterdir()] == ["zalo.json"]


def test_a_corrupt_file_is_reported_clearly(tmp_path):
    path = tmp_path / "zalo.json"
    path.write_text("{not json")
    with pytest.raises(RuntimeError, match="cannot be read"):
        TokenStore(path).load()


def test_refreshes_take_turns(tmp_path):
    store = TokenStore(tmp_path / "zalo.json", TokenPair("a0", "r0"))
    inside = []

    async def refresh(name):
        async with store.refreshing():
            inside.append(name)
            assert len(inside) == 1
            await asyncio.sleep(0.05)
            inside.remove(name)

    async def main():
        await asyncio.gather(refresh("one"), refresh("two"))

    asyncio.run(main())
