#!/usr/bin/env python3
"""Streaming benchmark: `kanban tasks -o tsv|csv|json` against psql's \\copy of the same rows.

Builds the release binary, creates a throwaway database on the server named by
local_postgres_config.env (db/up writes it; KANBAN_BENCH_ENV_FILE names another), fills it
with 1,000,000 done tasks (KANBAN_BENCH_ROWS) and 10,000 to-do tasks, then times:

  psql   \\copy (SELECT the same columns ... ORDER BY status, id) TO STDOUT
  kanban tasks --status done -o tsv, -o csv, -o json
  kanban tasks --status todo             (the 10,000-task table)

Cold first: the first read after loading, when the server has none of the rows in its buffers
and must still mark each one as committed (hint bits), once per program, each on its own copy
of the loaded database (CREATE DATABASE ... STRATEGY FILE_COPY: a copy of its files). Then
warm: after VACUUM ANALYZE, each KANBAN_BENCH_RUNS times (default 5) after one warm-up,
interleaved. Output goes to /dev/null. It prints the median wall time and the peak resident
set size (VmHWM) of each, and the ratio to psql. The databases are dropped at the end.
Nothing here asserts: it prints figures.
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
FORMATS = ["tsv", "csv", "json"]


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


def write_env_file(path, server, database, host, port):
    """An env file naming `database` on host:port as the server's user; private, as kanban
    asks of a file holding a password."""
    with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w", encoding="utf-8") as file:
        file.write(f"POSTGRES_DB={database}\nPOSTGRES_USER={server['POSTGRES_USER']}\n"
                   f"POSTGRES_PASSWORD='{server['POSTGRES_PASSWORD']}'\n"
                   f"POSTGRES_HOST={host}\nPOSTGRES_PORT={port}\n")


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

    def drop(db):
        # FORCE may not end an autovacuum worker (not for a non-superuser): the plain form
        # makes it stop by itself.
        for form in ["WITH (FORCE)", "", "WITH (FORCE)"]:
            try:
                psql("postgres", "-c", f"DROP DATABASE IF EXISTS {db} {form}")
                break
            except subprocess.CalledProcessError:
                pass

    def _in(directory, argv, env):
        previous = os.getcwd()
        os.chdir(directory)
        try:
            return measure(argv, env)
        finally:
            os.chdir(previous)

    psql("postgres", "-c", f"CREATE DATABASE {database}")
    try:
        with tempfile.TemporaryDirectory() as workdir:
            env_file = os.path.join(workdir, "bench_postgres_config.env")
            write_env_file(env_file, server, database, server["POSTGRES_HOST"], base_env["PGPORT"])
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

            copy = ("\\copy (SELECT name, status, start_datetime, end_datetime, "
                    "end_datetime - start_datetime, hourly_rate FROM kanban_task "
                    "WHERE status = 'done' ORDER BY status, id) TO STDOUT")

            def stream(name, db):
                """The argv and environment that stream database db's done tasks as `name`."""
                if name == "psql":
                    return ["psql", "-X", "-q", "-d", db, "-c", copy], base_env
                # Variables in the environment win over the env file.
                return ([kanban, "tasks", "--status", "done", "-o", name],
                        {**kanban_env, "POSTGRES_DB": db})

            cold = {}
            for name in ["psql", *FORMATS]:
                # Its own copy of the database as loaded: nothing of it in the server's
                # buffers, no row yet marked committed.
                copy_db = f"{database}_cold_{name}"
                psql("postgres", "-c",
                     f"CREATE DATABASE {copy_db} TEMPLATE {database} STRATEGY = FILE_COPY")
                try:
                    cold[name] = _in(workdir, *stream(name, copy_db))
                finally:
                    drop(copy_db)

            psql(database, "-c", "VACUUM ANALYZE kanban_task")

            table_argv = [kanban, "tasks", "--status", "todo"]
            cases = [(name, *stream(name, database)) for name in ["psql", *FORMATS]]
            cases.append(("table", table_argv, kanban_env))
            results = {name: [] for name, _, _ in cases}
            for name, argv, env in cases:  # warm-up: caches, first connection
                _in(workdir, argv, env)
            for n in range(RUNS):
                for name, argv, env in cases if n % 2 == 0 else reversed(cases):
                    results[name].append(_in(workdir, argv, env))
    finally:
        drop(database)

    def median(name, index):
        return statistics.median(run[index] for run in results[name])

    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            cpu = next(line.split(":", 1)[1].strip() for line in file if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}")
    print(f"rows: {ROWS:,} done tasks, output to /dev/null")

    def line(label, seconds, peak, base):
        ratio = f"{seconds / base:5.2f}x psql" if label != "psql \\copy" else " " * 10
        print(f"  {label:<22} {seconds:7.3f} s  {ratio}   peak RSS {peak:6.1f} MiB")

    print("cold: the first read after loading, one run each on its own copy of the database")
    for name, (seconds, peak) in cold.items():
        label = "psql \\copy" if name == "psql" else f"kanban tasks -o {name}"
        line(label, seconds, peak, cold["psql"][0])
    print(f"warm: median of {RUNS} interleaved runs each")
    for name in ["psql", *FORMATS]:
        label = "psql \\copy" if name == "psql" else f"kanban tasks -o {name}"
        line(label, median(name, 0), median(name, 1), median("psql", 0))
    print(f"kanban tasks (table, {TABLE_ROWS:,} tasks) {median('table', 0):7.3f} s   "
          f"peak RSS {median('table', 1):6.1f} MiB")


if __name__ == "__main__":
    main()
