#!/usr/bin/env python3
"""Latency and scaling benchmark: kanban beside the floor program and psql.

Builds the release binary and examples/floor (the same `postgres` crate connecting and running
one statement: the floor for a single-task command), makes a throwaway database on the server
named by local_postgres_config.env (KANBAN_BENCH_ENV_FILE names another), and prints medians of
KANBAN_BENCH_RUNS (default 30; ten times that, at least 300, for the sub-millisecond starts)
interleaved runs of:

  single-task commands   kanban elapsed / cost / new   vs floor and psql -c of the same read
  failing fast           kanban against a refused port vs floor's failed connect
  start-up               kanban --help                 vs floor --startup
  batch add              kanban new with 100,000 names vs psql \\copy kanban_task(name) of them
  batch change           kanban start of those 100,000 vs psql's UPDATE of them (once each)
  board cards            kanban board --limit N        vs kanban -o tsv tasks of the same N cards
  table memory           kanban tasks (table) of 100,000 tasks: wall time and peak RSS
  single-task changes    kanban start / resolve / stop / reopen / rename / rm   vs floor's
                         UPDATE or DELETE of the
                         same row (same triggers); kanban log of one task vs floor's SELECT of
                         its events; a history of 1,000,000 events as TSV and as a table vs
                         psql \\copy of the same columns: time and peak RSS

It prints the machine it ran on. Nothing here asserts: it prints figures. The database is
dropped at the end.
"""

import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(os.environ.get("KANBAN_BENCH_RUNS", "30"))
# KANBAN_BENCH_ONLY=fast,startup runs only those sections: reads, change, fast (a refused
# port), startup, batch, board, table, life (the single-task changes and the history).
ONLY = set(filter(None, os.environ.get("KANBAN_BENCH_ONLY", "").split(",")))


def wanted(section):
    return not ONLY or section in ONLY
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from streaming import measure, server_and_psql_env, write_env_file  # noqa: E402


def wall(argv, env, cwd, expect=(0,)):
    """Seconds argv took; a run that ends with another exit code stops the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - started
    if done.returncode not in expect:
        sys.exit(f"{argv[:4]}... exited {done.returncode}: {done.stderr.decode(errors='replace')}")
    return seconds


def interleaved(cases, env, cwd, expect=(0,), rounds=None):
    """cases: {label: argv}; one warm-up each, then `rounds` (default RUNS) rounds in turn, who
    goes first alternating. Returns medians (ms)."""
    times = {label: [] for label in cases}
    for argv in cases.values():
        wall(argv, env, cwd, expect)
    order = list(cases.items())
    for n in range(rounds or RUNS):
        for label, argv in order if n % 2 == 0 else reversed(order):
            times[label].append(wall(argv, env, cwd, expect))
    return {label: statistics.median(values) * 1000 for label, values in times.items()}


# A start that fails or only prints help takes about a millisecond, where the machine's noise
# is a few percent: those medians take ten times the rounds (at least 300; a few seconds).
QUICK_ROUNDS = max(10 * RUNS, 300)


def show(title, medians, base):
    print(f"\n{title}")
    for label, ms in medians.items():
        ratio = f"{ms / medians[base]:.2f}x {base}" if label != base else ""
        print(f"  {label:<44} {ms:9.2f} ms  {ratio}")


def startup_order_coverage(kanban):
    """How much of src/startup.order this build has: after a toolchain or dependency update
    the names change and benches/startup_order.py must list them again."""
    with open(os.path.join(ROOT, "src", "startup.order"), encoding="utf-8") as f:
        listed = [line.strip() for line in f if line.strip()]
    symbols = subprocess.run(["nm", kanban], capture_output=True, text=True).stdout
    present = {fields[-1] for fields in (line.split() for line in symbols.splitlines()) if len(fields) == 3}
    found = sum(1 for name in listed if name in present)
    stale = "" if found >= 0.9 * len(listed) else ": stale, run benches/startup_order.py"
    return f"start-up code order: {found} of {len(listed)} listed functions in this build{stale}"


def board_life(k, floor, env_file, env, work, psql, database, pg_env):
    """start, resolve, stop, reopen, rename, rm and log beside the floor program and psql -c
    running the same statement shape on a task in the same state; each round sets its three
    tasks up first, untimed."""
    print("\nsingle-task changes (each beside the floor program's and psql's statement on a task in the same state)")
    cases = {
        "start": (None, "UPDATE kanban_task SET status = 'in_progress', start_datetime = now() WHERE name = $1 "
                        "RETURNING name"),
        "resolve": ("start", "UPDATE kanban_task SET status = 'done', end_datetime = now(), hourly_rate = 10 "
                             "WHERE name = $1 RETURNING name"),
        "stop": ("start", "UPDATE kanban_task SET status = 'todo' WHERE name = $1 RETURNING name"),
        "reopen": ("resolve", "UPDATE kanban_task SET status = 'in_progress' WHERE name = $1 RETURNING name"),
        "rename": (None, "UPDATE kanban_task SET name = $1 || ' renamed' WHERE name = $1 RETURNING name"),
        "rm": (None, "DELETE FROM kanban_task WHERE name = $1 RETURNING name"),
    }
    for command, (state, statement) in cases.items():
        times = {"floor": [], command: [], "psql": []}
        for n in range(RUNS):
            names = [f"{command} kanban {n}", f"{command} floor {n}", f"{command} psql {n}"]
            psql("-c", "INSERT INTO kanban_task (name) SELECT unnest(ARRAY['" + "','".join(names) + "'])")
            quoted = "ARRAY['" + "','".join(names) + "']"
            if state in ("start", "resolve"):
                psql("-c", f"UPDATE kanban_task SET status = 'in_progress', start_datetime = now() WHERE name = ANY({quoted})")
            if state == "resolve":
                psql("-c", f"UPDATE kanban_task SET status = 'done', end_datetime = now() WHERE name = ANY({quoted})")
            args = {"rename": [names[0], names[0] + " renamed"]}.get(command, [names[0]])
            runs = [(command, [*k, command, "-q", *args]), ("floor", [floor, env_file, statement, names[1]]),
                    ("psql", ["psql", "-X", "-q", "-d", database, "-c", statement.replace("$1", f"'{names[2]}'")])]
            # Each goes first in every other round: the first run after the setup's psql
            # sessions waits on the server's cleanup of them.
            for label, argv in runs if n % 2 == 0 else reversed(runs):
                times[label].append(wall(argv, {**env, **pg_env} if label == "psql" else env, work))
        medians = {label: statistics.median(values) * 1000 for label, values in times.items()}
        print(f"  {command:<8} kanban {medians[command]:7.2f} ms   floor {medians['floor']:7.2f} ms"
              f"   {medians[command] / medians['floor']:.2f}x   psql -c {medians['psql']:7.2f} ms"
              f"   kanban {medians[command] / medians['psql']:.2f}x of it")
    medians = interleaved({
        "floor (SELECT a task's events)": [floor, env_file,
            "SELECT * FROM task_event WHERE task_id IN (SELECT task_id FROM task_event WHERE name = $1) ORDER BY id DESC",
            "running"],
        "kanban log NAME": [*k, "log", "running"],
    }, env, work)
    show("log of one task", medians, "floor (SELECT a task's events)")

    psql("-c", "INSERT INTO kanban_task (name) SELECT 'event ' || n FROM generate_series(1, 1000000) n")
    psql("-c", "VACUUM ANALYZE task_event")
    columns = ("id, at, action, task_id, name, old_name, from_status, to_status, actor, db_role, "
               "start_datetime, end_datetime, hourly_rate, worked")
    copy = ["psql", "-X", "-q", "-d", database, "-c",
            f"\\copy (SELECT {columns} FROM task_event ORDER BY id DESC) TO STDOUT"]
    rows = {"psql \\copy of the history": [], "kanban log -o tsv": [], "kanban log (table)": []}
    peaks = {label: 0.0 for label in rows}
    for _ in range(min(RUNS, 3)):
        for label, argv in [("psql \\copy of the history", copy),
                            ("kanban log -o tsv", [*k, "log", "-o", "tsv"]),
                            ("kanban log (table)", [*k, "log"])]:
            seconds, peak = measure(argv, {**env, **pg_env} if argv is copy else env)
            rows[label].append(seconds)
            peaks[label] = max(peaks[label], peak)
    print("\nhistory of 1,000,000+ events")
    base = statistics.median(rows["psql \\copy of the history"])
    for label, values in rows.items():
        median = statistics.median(values)
        print(f"  {label:<44} {median * 1000:9.0f} ms  {median / base:.2f}x   peak RSS {peaks[label]:.1f} MiB")


def main():
    server, pg_env = server_and_psql_env()
    # Apart: built together, the example's dev-dependencies change the features of shared
    # crates, and with them the binary's function names, which src/startup.order lists as a
    # build of kanban alone (cargo install, the package) has them.
    for target in (["--bin", "kanban"], ["--example", "floor"]):
        subprocess.run(["cargo", "build", "--release", "-q", *target], cwd=ROOT, check=True)
    kanban = os.path.join(ROOT, "target", "release", "kanban")
    floor = os.path.join(ROOT, "target", "release", "examples", "floor")
    database = f"kanban_bench_{os.getpid()}"
    port = pg_env["PGPORT"]

    def psql(*args):
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, *args],
                       env=pg_env, check=True, stdout=subprocess.DEVNULL)

    subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"CREATE DATABASE {database}"],
                   env=pg_env, check=True)
    print(f"{platform.node()}: {os.cpu_count()} cores, {platform.platform()}, "
          f"{platform.python_implementation()} {platform.python_version()}; {RUNS} interleaved runs ({QUICK_ROUNDS} for the quick starts)")
    print(startup_order_coverage(kanban))
    try:
        with tempfile.TemporaryDirectory() as work:
            # Both binaries run from copies, as `cargo install` or the package puts them: the
            # linker's own output file costs each start about ten more page faults (kanban
            # --help: 144 against 134 from a copy), which no installed binary pays.
            kanban, floor = (shutil.copy2(path, os.path.join(work, os.path.basename(path)))
                             for path in (kanban, floor))
            env_file = os.path.join(work, "bench_postgres_config.env")
            refused_file = os.path.join(work, "refused_postgres_config.env")
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
            refused_port = listener.getsockname()[1]
            for path, host, p in [(env_file, server["POSTGRES_HOST"], port),
                                  (refused_file, "127.0.0.1", refused_port)]:
                write_env_file(path, server, database, host, p)
            env = {"PATH": pg_env["PATH"], "TZ": "UTC", "HOME": work, "KANBAN_BOARD_STAGE": "bench"}
            k = [kanban, "--env-file", env_file]
            subprocess.run([*k, "init", "-q"], cwd=work, env=env, check=True)
            psql("-c", "INSERT INTO kanban_task (name) SELECT 'waiting ' || n FROM generate_series(1, 100000) n")
            psql("-c", "INSERT INTO kanban_task (name, status, start_datetime) VALUES ('running', 'in_progress', now())")
            psql("-c", "INSERT INTO kanban_task (name, status, start_datetime, end_datetime, hourly_rate) "
                       "VALUES ('finished', 'done', now() - interval '1 hour', now(), 10)")
            # Every table kanban writes: the 100,000 history events left to autovacuum once
            # made the first section's kanban run 15% slower than in a later run.
            psql("-c", "VACUUM ANALYZE kanban_task, task_work, task_event")

            read = ("SELECT name::text, status::text, start_datetime, end_datetime, hourly_rate, now() "
                    "FROM kanban_task WHERE name = $1")
            if wanted("reads"):
                medians = interleaved({
                    "floor (connect + one SELECT)": [floor, env_file, read, "running"],
                    "kanban elapsed running": [*k, "elapsed", "running"],
                    "kanban cost finished": [*k, "cost", "finished"],
                    "psql -c (the same SELECT)": ["psql", "-X", "-q", "-d", database, "-c",
                                                 read.replace("$1", "'running'")],
                }, {**env, **pg_env}, work)
                show("single-task reads", medians, "floor (connect + one SELECT)")

            if wanted("change"):
                counter = iter(range(10**9))
                insert = "INSERT INTO kanban_task (name) VALUES ($1) RETURNING name"
                new_cases = {
                    "floor (connect + one INSERT)": None,
                    "kanban new NAME": None,
                    "psql -c (the same INSERT)": None,
                }
                times = {label: [] for label in new_cases}
                for _ in range(RUNS):
                    n = next(counter)
                    runs = [("floor (connect + one INSERT)", [floor, env_file, insert, f"floor {n}"]),
                            ("kanban new NAME", [*k, "new", "-q", f"kanban {n}"]),
                            ("psql -c (the same INSERT)", ["psql", "-X", "-q", "-d", database, "-c",
                                                           insert.replace("$1", f"'psql {n}'")])]
                    for label, argv in runs if n % 2 == 0 else reversed(runs):
                        times[label].append(wall(argv, {**env, **pg_env} if argv[0] == "psql" else env, work))
                show("single-task change", {k: statistics.median(v) * 1000 for k, v in times.items()},
                     "floor (connect + one INSERT)")

            if wanted("fast"):
                medians = interleaved({
                    "floor (failed connect)": [floor, refused_file, "SELECT 1"],
                    "kanban tasks (refused port)": [kanban, "tasks", "--env-file", refused_file],
                }, env, work, expect=(6,), rounds=QUICK_ROUNDS)
                show("failing fast against a refused port", medians, "floor (failed connect)")

            if wanted("startup"):
                medians = interleaved({
                    "floor --startup": [floor, "--startup"],
                    "kanban --help": [kanban, "--help"],
                }, env, work, rounds=QUICK_ROUNDS)
                show("start-up", medians, "floor --startup")

            if wanted("batch"):
                names = os.path.join(work, "names.txt")
                with open(names, "w", encoding="utf-8") as f:
                    f.writelines(f"batch {n}\n" for n in range(100_000))
                batch = [f"batch {n}" for n in range(100_000)]
                copies, adds = [], []
                for _ in range(min(RUNS, 5)):
                    psql("-c", "DELETE FROM kanban_task WHERE name LIKE 'batch %'")
                    copies.append(wall(["psql", "-X", "-q", "-d", database, "-c",
                                        f"\\copy kanban_task(name) FROM '{names}'"], pg_env, work))
                    psql("-c", "DELETE FROM kanban_task WHERE name LIKE 'batch %'")
                    adds.append(measure([*k, "new", "-q", *batch], env))
                show("adding 100,000 names in one call",
                     {"psql \\copy kanban_task(name)": statistics.median(copies) * 1000,
                      "kanban new (100,000 names)": statistics.median(s for s, _ in adds) * 1000},
                     "psql \\copy kanban_task(name)")
                print(f"  kanban new peak RSS: {max(m for _, m in adds):.1f} MiB")
                # A change of many tasks is one statement too, and stays linear in them: the
                # triggers' cached plans must not scan task_work whole for each row (step 9).
                # Once each: one run is seconds, and it leaves the tasks started.
                start_seconds, _ = measure([*k, "start", "-q", *batch], env)
                psql("-c", "DELETE FROM kanban_task WHERE name LIKE 'batch %'")
                psql("-c", f"\\copy kanban_task(name) FROM '{names}'")
                update_seconds = wall(["psql", "-X", "-q", "-d", database, "-c",
                                       "UPDATE kanban_task SET status = 'in_progress', start_datetime = now() "
                                       "WHERE name LIKE 'batch %'"], pg_env, work)
                show("starting those 100,000 tasks in one call (once each)",
                     {"psql -c UPDATE ... LIKE 'batch %'": update_seconds * 1000,
                      "kanban start (100,000 names)": start_seconds * 1000},
                     "psql -c UPDATE ... LIKE 'batch %'")
                psql("-c", "DELETE FROM kanban_task WHERE name LIKE 'batch %'")

            if wanted("board"):
                print("\nboard cards against the same cards as TSV (To Do holds 100,000)")
                for limit in [10, 1000, 100_000]:
                    medians = interleaved({
                        f"tasks -o tsv --status todo (first {limit})": ["sh", "-c",
                            f"'{kanban}' --env-file '{env_file}' -o tsv tasks --status todo | head -n {limit + 1}"],
                        f"board --limit {limit}": [*k, "board", "-o", "tsv", "--limit", str(limit)],
                    }, env, work) if limit < 100_000 or RUNS <= 5 else None
                    if medians is None:
                        seconds_tsv, _ = measure([*k, "-o", "tsv", "tasks", "--status", "todo"], env)
                        seconds_board, _ = measure([*k, "board", "-o", "tsv", "--limit", str(limit)], env)
                        medians = {"tasks -o tsv --status todo": seconds_tsv * 1000,
                                   f"board --limit {limit}": seconds_board * 1000}
                    base = next(iter(medians))
                    for label, ms in medians.items():
                        print(f"  {label:<44} {ms:9.2f} ms  {ms / medians[base]:.2f}x")

            if wanted("table"):
                seconds, peak = measure([*k, "tasks", "--status", "todo"], env)
                print(f"\ntable of 100,000 tasks: {seconds * 1000:.0f} ms, peak RSS {peak:.1f} MiB")

            if wanted("life"):
                board_life(k, floor, env_file, env, work, psql, database, pg_env)
            listener.close()
    finally:
        # FORCE may not end an autovacuum worker (not for a non-superuser): the plain form
        # makes it stop by itself.
        for form in ["WITH (FORCE)", "", "WITH (FORCE)"]:
            if subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c",
                               f"DROP DATABASE IF EXISTS {database} {form}"], env=pg_env).returncode == 0:
                break


if __name__ == "__main__":
    main()
