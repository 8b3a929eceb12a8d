"""The vietnamadminunits files the loader reads are not the package's public interface: the version is pinned
exactly, and this checks that the installed files have the shape par.orgunits.sources reads (no database)."""

import importlib.metadata
import json
import re
import sqlite3
import tomllib
from pathlib import Path

import pytest

from par.orgunits import sources

PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"


@pytest.fixture(scope="module")
def dataset():
    with sqlite3.connect(f"file:{sources.dataset_path()}?mode=ro", uri=True) as conn:
        yield conn


@pytest.fixture(scope="module")
def conversion() -> dict:
    return json.loads(sources.conversion_path().read_text(encoding="utf-8"))


def test_the_installed_version_is_the_one_pinned_in_pyproject():
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    pins = [re.fullmatch(r"vietnamadminunits==([\w.]+)", d) for d in dependencies]
    pinned = [m.group(1) for m in pins if m]
    assert pinned == [importlib.metadata.version("vietnamadminunits")]
    assert sources.package_source() == f"vietnamadminunits {pinned[0]}"


@pytest.mark.parametrize("table", sorted(sources.DATASET_COLUMNS))
def test_the_dataset_has_every_table_and_column_the_loader_reads(dataset, table):
    columns = {row[1]: row[2].upper() for row in dataset.execute(f"PRAGMA table_info({table})")}
    assert set(sources.DATASET_COLUMNS[table]) <= set(columns)
    assert all(columns[name] in ("TEXT", "") for name in sources.DATASET_COLUMNS[table])
    assert dataset.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 3000  # noqa: S608


def test_the_conversion_maps_every_current_province_to_its_former_ones(dataset, conversion):
    assert set(sources.CONVERSION_KEYS) <= set(conversion)
    current = {key for (key,) in dataset.execute("SELECT DISTINCT provinceKey FROM admin_units")}
    legacy = {key for (key,) in dataset.execute("SELECT DISTINCT provinceKey FROM admin_units_legacy")}
    assert len(current) == 34 and len(legacy) == 63
    assert set(conversion["DICT_PROVINCE"]) == current
    assert {old for olds in conversion["DICT_PROVINCE"].values() for old in olds} == legacy


def test_the_commune_conversion_names_former_units_and_new_communes_that_exist(dataset, conversion):
    former = {
        f"{p}_{d}_{w or ''}"
        for p, d, w in dataset.execute("SELECT provinceKey, districtKey, wardKey FROM admin_units_legacy")
    }
    new = set(dataset.execute("SELECT provinceKey, wardKey FROM admin_units"))
    whole = conversion["DICT_PROVINCE_WARD_NO_DIVIDED"]
    divided = conversion["DICT_PROVINCE_WARD_DIVIDED"]
    for province, wards in whole.items():
        for ward, olds in wards.items():
            assert (province, ward) in new and set(olds) <= former
    for province, olds in divided.items():
        for old, targets in olds.items():
            assert old in former
            assert all((province, target["newWardKey"]) in new for target in targets)
