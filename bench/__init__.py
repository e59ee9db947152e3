"""`make bench`: the large newsroom seeded, served as the README serves it, measured with wrk.

- `bench.seed` fills a fresh database with 10,000 articles (or 100,000, `--desk-of` the desk's
  share), 200 people and 50 breaking headlines through SQLAlchemy Core bulk inserts (`python -m
  bench.seed` on its own); on PostgreSQL it ends with `VACUUM ANALYZE`, as autovacuum would.
- `bench.servers` starts waitress (`flask serve`) or gunicorn (`editorial.gunicorn_conf`, 2
  workers) on free loopback ports, and the hello-world ceiling (`bench.hello`) beside them.
- `bench.endpoints` says what each measured request is, its expected status codes and its target
  (issue 28's); `bench.more_requests` and `bench.writes` build the requests, `bench.session` signs
  in and sends a poll with the ETag of a first answer.
- `bench.wrk` runs wrk with a Lua script that counts status codes and prints JSON.
- `bench.run` (`python -m bench`) measures each seed of the growth series (10,000; 100,000;
  100,000 with 10,000 on the desk) and writes `BENCHMARKS.md` (`bench.report`, the growth table
  from `bench.growth`).
- `bench.pages` is the in-process view: median latency and SQL statements per page;
  `bench.cpu` the CPU per page on databases already seeded, asked in turn request by request
  (the growth from one seed to the next), with each statement and SQLite's plan;
  `bench.plans` is PostgreSQL's EXPLAIN ANALYZE of the board, My queue, an article and search.
"""
