#!/bin/sh
# Backs up the site's database and uploaded files (README, "Backup and restore").
#
#   deploy/backup.sh BACKUP_ROOT
#
# run with the site's environment (DATABASE_URL, DJANGO_MEDIA_ROOT,
# AWS_STORAGE_BUCKET_NAME), writes the directory BACKUP_ROOT/<date>T<time>/:
#
#   database.pgdump   PostgreSQL: pg_dump --format=custom of DATABASE_URL
#   database.sqlite3  SQLite (development): a consistent copy of the file
#   media.tar.gz      everything under DJANGO_MEDIA_ROOT (default: media/ in
#                     the project): images, their renditions, documents
#   MEDIA-IN-BUCKET.txt  instead, when the media are in object storage
#
# and prints its path. A backup only appears under its final name when it is
# complete. It holds personal data (contact form submissions, the editors'
# accounts): only the user running this can read it. deploy/restore.sh puts
# it back.
set -eu

if [ $# -ne 1 ]; then
    echo "Usage: $0 BACKUP_ROOT" >&2
    exit 2
fi
backup_root=$1

# shellcheck source=deploy/environment.sh
. "$(dirname "$0")/environment.sh"

umask 077
mkdir -p "$backup_root"
backup=$backup_root/$(date +%Y-%m-%dT%H%M%S)
partial=$backup.partial
if [ -e "$backup" ]; then
    echo "$backup exists already." >&2
    exit 1
fi
mkdir "$partial"
trap 'rm -rf "$partial"' EXIT
trap 'exit 1' HUP INT TERM

case $database_kind in
postgresql)
    if [ -n "$database_password" ]; then
        export PGPASSWORD="$database_password"
    fi
    pg_dump --format=custom --file="$partial/database.pgdump" --dbname="$database"
    ;;
sqlite)
    if [ ! -f "$database" ]; then
        echo "No SQLite database $database." >&2
        exit 1
    fi
    # SQLite's online backup: consistent even while the site writes.
    sqlite_copy "$database" "$partial/database.sqlite3"
    ;;
esac

if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
    cat >"$partial/MEDIA-IN-BUCKET.txt" <<EOF
The uploaded images and documents are in the bucket "$AWS_STORAGE_BUCKET_NAME"
${AWS_S3_ENDPOINT_URL:+at $AWS_S3_ENDPOINT_URL }and not in this backup. Back them up there:
switch on the bucket's versioning (deleted and replaced files stay
restorable), or copy the bucket regularly, e.g.
  aws s3 sync s3://$AWS_STORAGE_BUCKET_NAME /var/backups/media${AWS_S3_ENDPOINT_URL:+ --endpoint-url $AWS_S3_ENDPOINT_URL}
EOF
else
    if [ -d "$media_root" ]; then
        # Renditions too: the database lists them, and Wagtail would not make
        # a listed rendition anew if its file were missing.
        tar -C "$media_root" -czf "$partial/media.tar.gz" .
    else
        echo "No media directory $media_root: nothing uploaded yet, no media.tar.gz." >&2
    fi
fi

mv "$partial" "$backup"
echo "$backup"
