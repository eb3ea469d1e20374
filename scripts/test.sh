#!/usr/bin/env bash
# 运行全部检查与测试：ruff、mypy（核心严格模式）、import-linter、规则集校验、pytest（SQLite 与 PostgreSQL）。
# Runs the whole test suite; exits non-zero if anything fails.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
status=0
step() { echo "== $1"; shift; "$@" || { echo "!! 失败：$*"; status=1; }; }

step "ruff check" ruff check src tests bench
step "ruff format --check" ruff format --check src tests bench
step "mypy --strict (core)" mypy
step "import-linter" lint-imports
step "规则集校验 jixiao rules lint" jixiao rules lint

# 1) the whole suite on the embedded SQLite database
step "pytest (SQLite)" env -u JIXIAO_TEST_POSTGRES python -m pytest -q -p no:cacheprovider "$@"

# 2) the web tests again on PostgreSQL (CI starts the server; skipped with a notice if none answers)
PG_URL=${JIXIAO_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  web_dirs=$(ls -d tests/web* 2>/dev/null | tr '\n' ' ')
  if [ -n "$web_dirs" ]; then
    step "pytest (PostgreSQL: $web_dirs)" env JIXIAO_TEST_POSTGRES="$PG_URL" python -m pytest -q -p no:cacheprovider $web_dirs
  fi
else
  echo "!! PostgreSQL 未运行：跳过 PostgreSQL 上的网站测试（CI 会先启动它）"
  [ -n "${CI:-}" ] && status=1
fi
exit $status
