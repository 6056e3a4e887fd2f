#!/usr/bin/env python3
"""Writes src/startup.order: the functions kanban runs from its start to its first statement,
which build.rs asks the linker (lld) to place side by side, so that a start touches fewer pages
of code (benches/latency.py shows the effect on a failed connect).

Builds the release binary (its symbol table names the functions exactly as the next release
build will: the names depend on the toolchain, the dependencies and the profile, not on the
code), makes a throwaway database on the server named by local_postgres_config.env
(KANBAN_BENCH_ENV_FILE names another), runs a few commands under valgrind's callgrind, which
records every function called, and lists the binary's functions they called: those of a
failed connection first, then --help, then the commands that reach the server. The database
is dropped at the end.

Needs valgrind (apt-get install valgrind). Run it again after a toolchain or dependency update:
a name the binary no longer has is skipped by the linker, which costs the speed-up, not the
build.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDER_FILE = os.path.join(ROOT, "src", "startup.order")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from streaming import server_and_psql_env, write_env_file  # noqa: E402


def called_functions(argv, env, cwd, out_file):
    """The mangled names callgrind saw called while argv ran, in the order it lists them."""
    subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out_file}", *argv],
                   env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    names = []
    with open(out_file, encoding="utf-8", errors="replace") as f:
        for line in f:
            found = re.match(r"c?fn=\(\d+\) (.+)$", line.rstrip("\n"))
            if found:
                names.append(found.group(1))
    return names


def main():
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is missing: apt-get install valgrind")
    server, pg_env = server_and_psql_env()
    subprocess.run(["cargo", "build", "--release", "-q", "--bin", "kanban"], cwd=ROOT, check=True)
    kanban = os.path.join(ROOT, "target", "release", "kanban")
    symbols = subprocess.run(["nm", kanban], capture_output=True, text=True, check=True).stdout
    functions = {fields[2] for fields in (line.split() for line in symbols.splitlines())
                 if len(fields) == 3 and fields[1] in "tTwW"}
    if not functions:
        sys.exit(f"{kanban} has no symbol table: the release profile must keep it (strip = \"debuginfo\")")

    database = f"kanban_order_{os.getpid()}"
    subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"CREATE DATABASE {database}"],
                   env=pg_env, check=True)
    try:
        with tempfile.TemporaryDirectory() as work:
            env_file = os.path.join(work, "order_postgres_config.env")
            refused_file = os.path.join(work, "refused_postgres_config.env")
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
            for path, host, port in [(env_file, server["POSTGRES_HOST"], pg_env["PGPORT"]),
                                     (refused_file, "127.0.0.1", listener.getsockname()[1])]:
                write_env_file(path, server, database, host, port)
            env = {"PATH": pg_env["PATH"], "TZ": "UTC", "HOME": work}
            k = [kanban, "--env-file", env_file]
            for setup in (["init", "-q"], ["new", "-q", "waiting", "working", "finished"],
                          ["start", "-q", "working", "finished"], ["resolve", "-q", "finished"]):
                subprocess.run([*k, *setup], env=env, cwd=work, check=True)
            runs = [
                [kanban, "tasks", "--env-file", refused_file],
                [kanban, "--help"],
                [*k, "elapsed", "working"],
                [*k, "cost", "finished"],
                [*k, "new", "-q", "added"],
                [*k, "start", "-q", "waiting"],
                [*k, "-o", "tsv", "tasks"],
            ]
            # Each run's new functions after the earlier runs', sorted by name within a run:
            # callgrind lists them in an order that varies from run to run, and the list
            # should change only when the code does.
            order, seen = [], set()
            for index, argv in enumerate(runs):
                called = called_functions(argv, env, work, os.path.join(work, f"callgrind.{index}"))
                new = sorted({name for name in called if name in functions} - seen)
                seen.update(new)
                order.extend(new)
            listener.close()
    finally:
        subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {database}"],
                       env=pg_env, check=True)
    with open(ORDER_FILE, "w", encoding="utf-8") as f:
        f.writelines(f"{name}\n" for name in order)
    print(f"{ORDER_FILE}: {len(order)} functions of {len(functions)}; the next release build "
          "lays them out together")


if __name__ == "__main__":
    main()
