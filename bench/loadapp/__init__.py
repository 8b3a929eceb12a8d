"""Baseline servers for the load benchmark (bench/load.py): the same lookup without PAR's layers."""
