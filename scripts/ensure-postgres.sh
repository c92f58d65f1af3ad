#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 for the contract suite.
# Starts the local Debian cluster when it is installed but stopped; installs nothing else.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  exit 0
fi
if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  version="$(ls /etc/postgresql | sort -V | tail -n1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
    sleep 1
  done
fi
echo "PostgreSQL is not reachable on 127.0.0.1:5432; set TIDINGS_TEST_POSTGRES_URL or" \
     "TIDINGS_TEST_SKIP_POSTGRES=1 to run without the PostgreSQL half of the contract suite." >&2
[ "${TIDINGS_TEST_SKIP_POSTGRES:-0}" = "1" ]
