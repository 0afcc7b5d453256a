#!/bin/sh
# stepcare developer entry point: needs only Python 3.11+ and a POSIX shell.
#   sh dev.sh demo [--port 8000]   set up, then run the demo service on SQLite
#   sh dev.sh test [pytest args]   set up, then run the whole test suite
#   sh dev.sh setup                set up only
set -eu
cd "$(dirname "$0")"

PYTHON="${PYTHON:-python3}"
VENV="${STEPCARE_VENV:-.venv}"

setup() {
    extras="$1"
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "stepcare needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
        exit 1
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        echo "Creating virtual environment in $VENV ..."
        "$PYTHON" -m venv "$VENV"
    fi
    # Reinstall only when the dependency list changed (the demo needs no test tools).
    stamp="$VENV/.stepcare-installed-${extras:-base}"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        echo "Installing stepcare and its dependencies (first run takes a minute) ..."
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet -e ".${extras:+[$extras]}"
        touch "$stamp"
    fi
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
    setup) setup test ;;
    demo) setup ""; exec "$VENV/bin/stepcare" demo "$@" ;;
    test) setup test; exec "$VENV/bin/python" -m pytest "$@" ;;
    *) echo "usage: sh dev.sh demo [--port N] | test [pytest args] | setup" >&2; exit 2 ;;
esac
