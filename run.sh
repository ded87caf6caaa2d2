#!/usr/bin/env bash
# Executable documentation of the development workflow: ./run.sh <command>
#   setup   create .venv (pip upgraded first) and install watcher with its dev extras
#   start   setup, then run the watcher service on the embedded SQLite default, config from config/
#   test    setup, then the whole test suite (SQLite, plus PostgreSQL when reachable; required in CI)
#   lint    ruff (lint + format check), mypy strict, import-linter
#   bench   setup, then the benchmarks in bench/
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}

setup() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".[dev]"
  # An editable install compiles nothing, and nothing is written under PYTHONDONTWRITEBYTECODE:
  # without this, every command would compile watcher's modules again (~40 ms).
  "$VENV/bin/python" -m compileall -q watcher >/dev/null
}

services() {
  # PostgreSQL for the parametrised storage tests; started if the machine has it but it is down.
  if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  # Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser).
  if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: browser tests will skip"
  fi
}

case "${1:-help}" in
  setup) setup ;;
  start) setup; exec "$VENV/bin/watcher" --config config/watcher.toml run ;;
  test) setup; services; shift; exec "$VENV/bin/python" -m pytest "$@" ;;
  lint)
    "$VENV/bin/ruff" check watcher tests bench migrations
    "$VENV/bin/ruff" format --check watcher tests bench migrations
    "$VENV/bin/mypy" watcher
    "$VENV/bin/lint-imports"
    ;;
  bench) setup; shift; exec "$VENV/bin/python" bench/checks.py "$@" ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
