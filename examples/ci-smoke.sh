#!/usr/bin/env bash
# A CI smoke check of a kanban install against a real PostgreSQL, passing or failing on exit
# codes alone (the README's "CI smoke check" recipe runs this file; so does kanban's own CI).
#
#   KANBAN_DATABASE_URL=postgres://user:password@host:5432/db examples/ci-smoke.sh
#
# Any way of giving kanban its settings works (a stage file, POSTGRES_*/PG* variables). It
# uses a task name of its own and removes it at the end, so it may run on a shared board.
set -euo pipefail

task="ci smoke ${CI_JOB_ID:-${GITHUB_RUN_ID:-$$}} $$ $(date +%s)"
kanban --version
kanban init                                   # creates or upgrades the schema (exit 5: no rights)
kanban doctor -o json | jq -e '.ok' >/dev/null  # exit 0 only when the board is usable
kanban new "$task"
# From here, whatever fails or interrupts the check, its task does not stay on the board.
trap 'kanban rm --force -q "$task" >/dev/null 2>&1 || true' EXIT
kanban start "$task"
kanban resolve "$task"
kanban cost "$task" -o json | jq -e '.cost | test("^[0-9]+\\.[0-9]{2}$")' >/dev/null
kanban rm --force "$task" -q
trap - EXIT
echo "kanban smoke check passed"
