#!/usr/bin/env python3
"""Benchmark of `kanban report` beside the same aggregate written by hand in psql.

Makes a throwaway database on the server named by local_postgres_config.env
(KANBAN_BENCH_ENV_FILE names another), fills it with KANBAN_BENCH_TASKS (default 1,000,000)
Done tasks at five rates and three work sessions each spread over a year (loaded with the
row triggers off: the report reads only the tasks and their sessions), then times, over the
whole year, medians of KANBAN_BENCH_RUNS (default 3) interleaved runs, output to /dev/null:

  kanban report --by task -o csv    vs  psql \\copy of the hand-written clip-and-sum per task
  kanban report --by day -o csv     vs  psql \\copy of the hand-written split-at-midnight sum

and prints the peak resident set size of each. Nothing here asserts: it prints figures. The
database is dropped at the end.
"""

import os
import platform
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TASKS = int(os.environ.get("KANBAN_BENCH_TASKS", "1000000"))
RUNS = int(os.environ.get("KANBAN_BENCH_RUNS", "3"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from streaming import measure, server_and_psql_env, write_env_file  # noqa: E402

SINCE = "2025-12-01 00:00:00+00"
UNTIL = "2026-12-01 00:00:00+00"

# What a person would write in psql for the same rows: clip each session to the window, sum
# per task (time, and time x rate), first worked first.
BY_TASK = f"""
SELECT t.name, sum(least(coalesce(w.ended, now()), '{UNTIL}') - greatest(w.started, '{SINCE}')),
       round(sum(extract(epoch FROM least(coalesce(w.ended, now()), '{UNTIL}')
                                  - greatest(w.started, '{SINCE}')) * t.hourly_rate) / 3600, 2)
  FROM task_work w JOIN kanban_task t ON t.id = w.task_id
 WHERE w.started < '{UNTIL}' AND (w.ended IS NULL OR w.ended > '{SINCE}')
 GROUP BY t.id, t.name ORDER BY min(greatest(w.started, '{SINCE}')), t.id"""

# The same, split at each UTC midnight.
BY_DAY = f"""
SELECT d::date, sum(least(w.ended, d + interval '1 day') - greatest(w.started, d)),
       round(sum(extract(epoch FROM least(w.ended, d + interval '1 day') - greatest(w.started, d))
                 * t.hourly_rate) / 3600, 2)
  FROM task_work w JOIN kanban_task t ON t.id = w.task_id,
       generate_series(date_trunc('day', w.started), w.ended, interval '1 day') d
 WHERE w.started < '{UNTIL}' AND w.ended > '{SINCE}' AND least(w.ended, d + interval '1 day') > greatest(w.started, d)
 GROUP BY d ORDER BY d"""


def main():
    server, pg_env = server_and_psql_env()
    subprocess.run(["cargo", "build", "--release", "-q", "--bin", "kanban"], cwd=ROOT, check=True)
    kanban = os.path.join(ROOT, "target", "release", "kanban")
    database = f"kanban_bench_report_{os.getpid()}"

    def psql(*args, db=database):
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, *args],
                       env=pg_env, check=True, stdout=subprocess.DEVNULL)

    psql("-c", f"CREATE DATABASE {database}", db="postgres")
    print(f"{platform.node()}: {os.cpu_count()} cores, {platform.platform()}; "
          f"{TASKS:,} tasks, {3 * TASKS:,} sessions; medians of {RUNS} interleaved runs")
    try:
        with tempfile.TemporaryDirectory() as work:
            env_file = os.path.join(work, "bench_postgres_config.env")
            write_env_file(env_file, server, database, server["POSTGRES_HOST"], pg_env["PGPORT"])
            env = {"PATH": pg_env["PATH"], "TZ": "UTC", "HOME": work}
            k = [kanban, "--env-file", env_file]
            subprocess.run([*k, "init", "-q"], cwd=work, env=env, check=True)
            # Session k of task n: 30 to 150 minutes, 40 days after the one before, each
            # task starting on one of the year's first 250 days.
            psql("-c", f"""
                ALTER TABLE kanban_task DISABLE TRIGGER USER;
                ALTER TABLE task_work DISABLE TRIGGER USER;
                INSERT INTO kanban_task (name, status, start_datetime, end_datetime, hourly_rate, worked, sessions)
                SELECT 'task ' || n, 'done', s, s + interval '80 days' + interval '150 minutes', 10 + n % 5, interval '0', 3
                  FROM generate_series(1, {TASKS}) n,
                       LATERAL (SELECT '{SINCE}'::timestamptz + (n % 250) * interval '1 day'
                                       + (n % 1440) * interval '1 minute' AS s) AS first;
                INSERT INTO task_work (task_id, started, ended)
                SELECT t.id, t.start_datetime + k * interval '40 days',
                       t.start_datetime + k * interval '40 days' + (30 + (t.id + k) % 121) * interval '1 minute'
                  FROM kanban_task t, generate_series(0, 2) k;
                ALTER TABLE kanban_task ENABLE TRIGGER USER;
                ALTER TABLE task_work ENABLE TRIGGER USER;""")
            psql("-c", "VACUUM ANALYZE kanban_task", "-c", "VACUUM ANALYZE task_work")
            window = ["--since", SINCE.replace(" ", "T").replace("+00", "Z"),
                      "--until", UNTIL.replace(" ", "T").replace("+00", "Z"), "--tz", "UTC"]
            cases = {
                "by task": ([*k, "report", "--by", "task", "-o", "csv", *window],
                            ["psql", "-X", "-q", "-d", database, "-c", f"\\copy ({' '.join(BY_TASK.split())}) TO STDOUT"]),
                "by day": ([*k, "report", "--by", "day", "-o", "csv", *window],
                           ["psql", "-X", "-q", "-d", database, "-c", f"\\copy ({' '.join(BY_DAY.split())}) TO STDOUT"]),
            }
            for label, (ours, theirs) in cases.items():
                measure(ours, env)  # warm the cache once
                kanban_runs, psql_runs = [], []
                for run in range(RUNS):
                    pair = [(kanban_runs, ours, env), (psql_runs, theirs, pg_env)]
                    for runs, argv, run_env in pair if run % 2 == 0 else reversed(pair):
                        runs.append(measure(argv, run_env))
                ours_s = statistics.median(s for s, _ in kanban_runs)
                theirs_s = statistics.median(s for s, _ in psql_runs)
                print(f"\nreport {label}, the whole year")
                print(f"  psql \\copy of the hand-written query  {theirs_s:8.2f} s  "
                      f"peak {max(m for _, m in psql_runs):6.1f} MiB")
                print(f"  kanban report -o csv                  {ours_s:8.2f} s  "
                      f"peak {max(m for _, m in kanban_runs):6.1f} MiB  ({ours_s / theirs_s:.2f}x psql)")
    finally:
        psql("-c", f"DROP DATABASE IF EXISTS {database}", db="postgres")


if __name__ == "__main__":
    main()
