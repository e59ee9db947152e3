"""`make bench`: the large newsroom seeded, served as the README serves it, measured with wrk.

- `bench.seed` fills a fresh database with 10,000 articles, 200 people and 50 breaking headlines
  through SQLAlchemy Core bulk inserts (`python -m bench.seed` on its own).
- `bench.servers` starts waitress (`flask serve`) or gunicorn (`editorial.gunicorn_conf`, 2
  workers) on free loopback ports, and the hello-world ceiling (`bench.hello`) beside them.
- `bench.endpoints` says what each measured request is, its expected status codes and its target.
- `bench.wrk` runs wrk with a Lua script that counts status codes and prints JSON.
- `bench.run` (`python -m bench`) does the whole run and writes `BENCHMARKS.md` (`bench.report`).
- `bench.pages` is the in-process view: median latency and SQL statements per page.
"""
