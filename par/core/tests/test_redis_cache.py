"""With CACHE_URL=redis://… every server process shares one cache: the rate-limit counters are atomic there and
expire with their window, and the public lookup's answers are shared (decision 0129).

These tests run against a real redis-server (scripts/ensure-redis, started by `make test`, which passes its
address in PAR_TEST_REDIS_URL). Without one they are skipped on a developer's machine and fail where
PAR_REQUIRE_REDIS=1 (the test command), so CI cannot pass without having run them."""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from django.core.cache import caches

from par.core import ratelimit
from par.core.tests.test_production_settings import PRODUCTION, read_settings

REDIS_URL = os.environ.get("PAR_TEST_REDIS_URL", "")


@pytest.fixture
def redis_cache(settings):
    if not REDIS_URL:
        if os.environ.get("PAR_REQUIRE_REDIS") == "1":
            pytest.fail("PAR_TEST_REDIS_URL is not set: scripts/ensure-redis must run before the tests")
        pytest.skip("no Redis server (set PAR_TEST_REDIS_URL; scripts/ensure-redis starts one)")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    store = caches["default"]
    yield store
    client = store._cache.get_client(write=True)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_a_redis_cache_url_selects_djangos_redis_cache(monkeypatch):
    configured = read_settings(monkeypatch, {**PRODUCTION, "CACHE_URL": "redis://10.0.0.5:6379/2"})
    cache = configured["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://10.0.0.5:6379/2"


def test_without_a_cache_url_each_process_keeps_its_own_memory_cache(monkeypatch):
    configured = read_settings(monkeypatch, dict(PRODUCTION))
    assert configured["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_counters_on_redis_miss_no_request_when_many_processes_count_at_once(redis_cache):
    results: list[int] = []
    lock = threading.Lock()

    def count():
        mine = [ratelimit._add("par:rl:test:10.0.0.1:1", 1, 60) for _ in range(50)]
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=count) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Every increment saw a different count: none was lost and none counted twice.
    assert sorted(results) == list(range(1, 401))
    assert ratelimit._count("par:rl:test:10.0.0.1:1") == 400


def test_a_counter_on_redis_expires_with_its_window(redis_cache):
    ratelimit._add("par:rl:test:10.0.0.2:7", 5, 60)
    ratelimit._add("par:rl:test:10.0.0.2:7", 5, 60)
    name = redis_cache.make_and_validate_key("par:rl:test:10.0.0.2:7")
    ttl = redis_cache._cache.get_client(name).ttl(name)
    assert 0 < ttl <= 61
    assert redis_cache.get("par:rl:test:10.0.0.2:7") == 10


@pytest.mark.django_db
def test_a_public_form_flooded_through_the_shared_cache_gets_429(redis_cache, client, settings):
    settings.PAR_PUBLIC_FORM_RATE = "2/600"
    for _ in range(2):
        assert client.post("/petitions/submit/", {}).status_code != 429
    assert client.post("/petitions/submit/", {}).status_code == 429
    # The count is kept in Redis, where every other server process reads it.
    client_ = redis_cache._cache.get_client(write=True)
    keys = [k.decode() for k in client_.scan_iter("*:par:rl:petition*")]
    assert keys and {int(client_.get(k)) for k in keys} == {3}
