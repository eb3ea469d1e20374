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

# PostgreSQL: the web tests run on it too when a server answers (CI starts it).
if [ -z "${JIXIAO_TEST_POSTGRES:-}" ] && pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  export JIXIAO_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/postgres"
fi
step "pytest" python -m pytest -q -p no:cacheprovider "$@"
exit $status
