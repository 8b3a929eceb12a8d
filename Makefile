# One command surface. The README's two commands are `make demo` and `make test`.
PORT ?= 8000
MANAGE = .venv/bin/python manage.py

.PHONY: install demo serve serve-prod worker test lint format bench bench-load bench-scale messages clean

install:
	@scripts/bootstrap

demo: install
	@DEBUG=$${DEBUG:-1} scripts/demo

serve: install
	DEBUG=$${DEBUG:-1} $(MANAGE) runserver 127.0.0.1:$(PORT)

serve-prod: install
	@scripts/serve-prod

worker: install
	DEBUG=$${DEBUG:-1} $(MANAGE) db_worker

test:
	@scripts/test

lint: install
	.venv/bin/ruff check par bench
	.venv/bin/ruff format --check par bench
	.venv/bin/mypy par

format: install
	.venv/bin/ruff check --fix par bench
	.venv/bin/ruff format par bench

# On the local PostgreSQL: 1 M generated dossiers by default, SCALE=10M the full size of issue 17, SCALE=100K a quick
# run. At 1 M the generator alone took 16 minutes on the 2 shared cores (bench/RESULTS.md, B3); 10 M takes hours.
bench: install
	.tools/bin/uv sync --frozen --quiet --group bench  # DuckDB, the quarterly appendix's reference engine
	.venv/bin/python bench/run.py --db $$(scripts/ensure-postgres | sed 's,/par$$,/par_bench,')

bench-load: install
	.venv/bin/python bench/load.py

# The scale steps of issue 17 on the local PostgreSQL: a streaming replica (as root), events partitioned by month,
# intake through the actions against raw inserts, intake, lookups and report builds at once. Small sizes; see each
# script's --help.
bench-scale: install
	.venv/bin/python bench/replica.py
	.venv/bin/python bench/partitions.py
	.venv/bin/python bench/intake.py --db $$(scripts/ensure-postgres | sed 's,/par$$,/par_bench_intake,')
	.venv/bin/python bench/import.py --db $$(scripts/ensure-postgres) $${IMPORT_COUNT:+--count $$IMPORT_COUNT}
	.venv/bin/python bench/mixed.py --dossiers 20000 --seconds 10

messages: install
	scripts/messages
	for app in $$(ls -d par/*/locale | cut -d/ -f2); do scripts/messages $$app; done

clean:
	rm -rf .venv .tools var db.sqlite3 db.sqlite3-wal db.sqlite3-shm
