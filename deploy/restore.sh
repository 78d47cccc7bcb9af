#!/bin/sh
# Puts a backup of deploy/backup.sh back (README, "Backup and restore").
#
#   deploy/restore.sh BACKUP_DIR
#
# run with the environment of the site to restore into (DATABASE_URL,
# DJANGO_MEDIA_ROOT): a different server, a copy for trials, or the site
# itself (stop gunicorn first). What it overwrites:
#
#   database  PostgreSQL: every table, sequence and index of the backup is
#             dropped and restored (pg_restore --clean --if-exists), in one
#             transaction: if anything fails, nothing has changed. Owners and
#             privileges are not restored: the tables belong to the user of
#             DATABASE_URL, whatever user owned them on the old server.
#             SQLite: the database file is replaced.
#   media     media.tar.gz is unpacked into DJANGO_MEDIA_ROOT (default:
#             media/ in the project); files that are not in the backup stay.
#
# Asks before it starts when run in a terminal.
set -eu

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "Usage: $0 BACKUP_DIR (a directory made by deploy/backup.sh)" >&2
    exit 2
fi
backup=$1

# shellcheck source=deploy/environment.sh
. "$(dirname "$0")/environment.sh"

if [ -f "$backup/database.pgdump" ]; then
    backup_kind=postgresql
elif [ -f "$backup/database.sqlite3" ]; then
    backup_kind=sqlite
else
    echo "$backup holds no database backup (database.pgdump or database.sqlite3)." >&2
    exit 1
fi
if [ "$backup_kind" != "$database_kind" ]; then
    echo "$backup is a $backup_kind backup, DATABASE_URL names a $database_kind database." >&2
    exit 1
fi

if [ -t 0 ]; then
    echo "Restore $backup"
    echo "  database: $database (overwritten)"
    [ -f "$backup/media.tar.gz" ] && echo "  media:    $media_root (files overwritten)"
    printf 'Continue? [y/N] '
    read -r answer
    case $answer in
    [yYjJ]*) ;;
    *) exit 1 ;;
    esac
fi

case $database_kind in
postgresql)
    if [ -n "$database_password" ]; then
        export PGPASSWORD="$database_password"
    fi
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
        --dbname="$database" "$backup/database.pgdump"
    ;;
sqlite)
    sqlite_copy "$backup/database.sqlite3" "$database"
    ;;
esac

if [ -f "$backup/media.tar.gz" ]; then
    mkdir -p "$media_root"
    tar -C "$media_root" -xzf "$backup/media.tar.gz"
elif [ -f "$backup/MEDIA-IN-BUCKET.txt" ]; then
    echo "Media were not backed up here: $backup/MEDIA-IN-BUCKET.txt" >&2
fi

echo "Restored $backup. Start the site, then start its page cache over:"
echo "  .venv/bin/python manage.py shell -c 'from site_core.cache import invalidate; invalidate(None)'"
