#!/usr/bin/env python3
"""Streaming benchmark: `kanban tasks -o tsv` against psql's \\copy of the same rows.

Builds the release binary, creates a throwaway database on the server named by
local_postgres_config.env (db/up writes it; KANBAN_BENCH_ENV_FILE names another), fills it
with 1,000,000 done tasks (KANBAN_BENCH_ROWS) and 10,000 to-do tasks, then times, in turn:

  psql   \\copy (SELECT the same columns ... ORDER BY status, id) TO STDOUT
  kanban tasks --status done -o tsv
  kanban tasks --status todo             (the 10,000-task table)

each KANBAN_BENCH_RUNS times (default 5) after one warm-up, writing to /dev/null. It prints the
median wall time and the peak resident set size (VmHWM) of each, and the ratio.
The database is dropped at the end. Nothing here asserts: it prints figures.
"""

import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS = int(os.environ.get("KANBAN_BENCH_ROWS", "1000000"))
TABLE_ROWS = 10_000
RUNS = int(os.environ.get("KANBAN_BENCH_RUNS", "5"))


def read_env_file(path):
    values = {}
    with open(path, encoding="utf-8") as file:
        for line in file:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip().strip("'\"")
    return values


def server_and_psql_env():
    """The server named by local_postgres_config.env (KANBAN_BENCH_ENV_FILE names another), as
    its settings, and the environment that points psql at it."""
    env_path = os.environ.get("KANBAN_BENCH_ENV_FILE", os.path.join(ROOT, "local_postgres_config.env"))
    if not os.path.exists(env_path):
        sys.exit(f"{env_path} is missing: run db/up first")
    server = read_env_file(env_path)
    return server, {"PATH": os.environ.get("PATH", ""), "PGHOST": server["POSTGRES_HOST"],
                    "PGPORT": server.get("POSTGRES_PORT", "5432"), "PGUSER": server["POSTGRES_USER"],
                    "PGPASSWORD": server["POSTGRES_PASSWORD"], "TZ": "UTC"}


def measure(argv, env):
    """Runs argv with stdout to /dev/null; returns (seconds, peak RSS in MiB).

    The peak is the process's own VmHWM, sampled from /proc every 20 ms until it exits. (wait4's
    ru_maxrss would count this Python process too: a child's high-water mark includes the
    memory it had before exec.)
    """
    with open(os.devnull, "wb") as devnull:
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=devnull, stderr=subprocess.PIPE)
        peak_kib = 0
        while process.poll() is None:
            try:
                with open(f"/proc/{process.pid}/status", encoding="utf-8") as status:
                    for line in status:
                        if line.startswith("VmHWM:"):
                            peak_kib = max(peak_kib, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        stderr = process.stderr.read().decode(errors="replace")
        process.stderr.close()
    if process.returncode != 0:
        sys.exit(f"{shlex.join(argv)} failed: {stderr}")
    return seconds, peak_kib / 1024


def main():
    server, base_env = server_and_psql_env()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    kanban = os.path.join(ROOT, "target", "release", "kanban")

    database = f"kanban_bench_{os.getpid()}"

    def psql(db, *args):
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, *args],
                       env=base_env, check=True, stdout=subprocess.DEVNULL)

    psql("postgres", "-c", f"CREATE DATABASE {database}")
    try:
        with tempfile.TemporaryDirectory() as workdir:
            env_file = os.path.join(workdir, "bench_postgres_config.env")
            # Private, as kanban asks of a file holding a password.
            with open(os.open(env_file, os.O_WRONLY | os.O_CREAT, 0o600), "w", encoding="utf-8") as file:
                file.write(
                    f"POSTGRES_DB={database}\nPOSTGRES_USER={server['POSTGRES_USER']}\n"
                    f"POSTGRES_PASSWORD='{server['POSTGRES_PASSWORD']}'\n"
                    f"POSTGRES_HOST={server['POSTGRES_HOST']}\nPOSTGRES_PORT={base_env['PGPORT']}\n"
                )
            kanban_env = {"PATH": base_env["PATH"], "TZ": "UTC", "HOME": workdir,
                          "KANBAN_BOARD_STAGE": "bench"}
            subprocess.run([kanban, "init", "-q"], cwd=workdir, env=kanban_env, check=True)
            print(f"filling {database} with {ROWS:,} done and {TABLE_ROWS:,} to-do tasks ...", file=sys.stderr)
            psql(database, "-c",
                 "INSERT INTO kanban_task (name, status, start_datetime, end_datetime, hourly_rate) "
                 "SELECT 'Task number ' || n, 'done', t, t + (n % 200000) * interval '1.000123 second', 10 "
                 f"FROM generate_series(1, {ROWS}) AS n, (SELECT now() - interval '30 days' AS t) AS start")
            psql(database, "-c",
                 f"INSERT INTO kanban_task (name) SELECT 'Waiting task ' || n FROM generate_series(1, {TABLE_ROWS}) AS n")
            psql(database, "-c", "VACUUM ANALYZE kanban_task")

            copy = ("\\copy (SELECT name, status, start_datetime, end_datetime, "
                    "end_datetime - start_datetime, hourly_rate FROM kanban_task "
                    "WHERE status = 'done' ORDER BY status, id) TO STDOUT")
            psql_argv = ["psql", "-X", "-q", "-d", database, "-c", copy]
            tsv_argv = [kanban, "tasks", "--status", "done", "-o", "tsv"]
            table_argv = [kanban, "tasks", "--status", "todo"]

            def in_workdir(argv, env):
                return measure(argv, env) if argv[0] == "psql" else _in(workdir, argv, env)

            def _in(directory, argv, env):
                previous = os.getcwd()
                os.chdir(directory)
                try:
                    return measure(argv, env)
                finally:
                    os.chdir(previous)

            results = {"psql": [], "tsv": [], "table": []}
            cases = [("psql", psql_argv, base_env), ("tsv", tsv_argv, kanban_env),
                     ("table", table_argv, kanban_env)]
            for name, argv, env in cases:  # warm-up: caches, first connection
                in_workdir(argv, env)
            for _ in range(RUNS):
                for name, argv, env in cases:
                    results[name].append(in_workdir(argv, env))
    finally:
        # FORCE may not end an autovacuum worker (not for a non-superuser): the plain form
        # makes it stop by itself.
        for form in ["WITH (FORCE)", "", "WITH (FORCE)"]:
            try:
                psql("postgres", "-c", f"DROP DATABASE IF EXISTS {database} {form}")
                break
            except subprocess.CalledProcessError:
                pass

    def median(name, index):
        return statistics.median(run[index] for run in results[name])

    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            cpu = next(line.split(":", 1)[1].strip() for line in file if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}")
    print(f"rows: {ROWS:,} done tasks; median of {RUNS} runs each, output to /dev/null")
    print(f"psql \\copy            {median('psql', 0):7.3f} s   peak RSS {median('psql', 1):6.1f} MiB")
    print(f"kanban tasks -o tsv   {median('tsv', 0):7.3f} s   peak RSS {median('tsv', 1):6.1f} MiB")
    print(f"ratio kanban / psql   {median('tsv', 0) / median('psql', 0):7.2f}x")
    print(f"kanban tasks (table, {TABLE_ROWS:,} tasks) {median('table', 0):7.3f} s   "
          f"peak RSS {median('table', 1):6.1f} MiB")


if __name__ == "__main__":
    main()
