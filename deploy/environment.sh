# shellcheck shell=sh disable=SC2034 # the variables are for the scripts that source this
# Shared by deploy/backup.sh and deploy/restore.sh (sourced, not run): the
# project directory, its Python, and DATABASE_URL split into database_kind,
# database and database_password by deploy/database_url.py.
project=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$project/.venv/bin/python}
[ -x "$python" ] || python=python3
# A failing assignment stops the script (set -e); a failing eval "$(…)" would not.
database_kind='' database='' database_password=''
database_variables=$("$python" "$project/deploy/database_url.py")
eval "$database_variables"
media_root=${DJANGO_MEDIA_ROOT:-$project/media}
# Copies an SQLite database consistently, even while the site writes to it.
sqlite_copy() {
    "$python" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))' "$1" "$2"
}
