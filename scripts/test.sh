#!/usr/bin/env bash
# 运行全部检查与测试：ruff、mypy（核心严格模式）、import-linter、规则集校验、pytest（SQLite 与 PostgreSQL）。
# Runs the whole test suite; exits non-zero if anything fails.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
status=0
step() {
  echo "== $1"; shift
  local started=$SECONDS
  "$@" || { echo "!! 失败：$*"; status=1; }
  echo "   用时 $((SECONDS - started)) 秒"
}

step "ruff check" ruff check src tests bench
step "ruff format --check" ruff format --check src tests bench
step "mypy --strict (core)" mypy
step "import-linter" lint-imports
step "规则集校验 jixiao rules lint" jixiao rules lint

# pytest-xdist: one worker per core (JIXIAO_TEST_WORKERS=1 runs in this process, as before). Each
# worker has its own test database, var folder and ports (tests/conftest.py); a module's tests stay on
# one worker (--dist loadfile), so its module-scoped fixtures are computed once. (xdist 3.8's loadgroup
# does not group under pytest 9.2: it renames Item._nodeid, which pytest no longer reads.)
workers=${JIXIAO_TEST_WORKERS:-$(nproc 2>/dev/null || echo 2)}
xdist=()
[ "$workers" -gt 1 ] && xdist=(-n "$workers" --dist loadfile)

# 1) the whole suite on the embedded SQLite database
step "pytest (SQLite)" env -u JIXIAO_TEST_POSTGRES python -m pytest -q -p no:cacheprovider "${xdist[@]}" "$@"

# 2) the web tests again on PostgreSQL (CI starts the server; skipped with a notice if none answers)
PG_URL=${JIXIAO_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  web_dirs=$(ls -d tests/web* 2>/dev/null | tr '\n' ' ')
  if [ -n "$web_dirs" ]; then
    step "pytest (PostgreSQL: $web_dirs)" env JIXIAO_TEST_POSTGRES="$PG_URL" python -m pytest -q -p no:cacheprovider "${xdist[@]}" $web_dirs
  fi
else
  echo "!! PostgreSQL 未运行：跳过 PostgreSQL 上的网站测试（CI 会先启动它）"
  [ -n "${CI:-}" ] && status=1
fi
exit $status
