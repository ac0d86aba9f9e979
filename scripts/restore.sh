#!/usr/bin/env bash
# Restores one backup set made by scripts/backup.sh into a NEW database and a NEW recordings
# directory, never over the live ones: check the result, then point DATABASE_URL and
# RECORDINGS_DIR at it.
#
# Usage: scripts/restore.sh [SET]   SET: full/<yyyy-mm>, daily/<yyyy-mm-dd> or a path; default the newest set
# Env: BACKUP_DIR (/var/backups/hotline), RESTORE_DB (required: the database to create, on the server of
#      DATABASE_URL), RESTORE_RECORDINGS_DIR (required: absent or empty), DATABASE_URL.
#
# Order: the dump's checksum, then the recordings copied and every file checked against the set's
# manifest, and only then the database created and loaded (pg_restore --exit-on-error), so a
# damaged set stops the restore before a half-loaded database exists.
set -euo pipefail
export LC_ALL=C

BACKUP_DIR=${BACKUP_DIR:-/var/backups/hotline}
: "${RESTORE_DB:?RESTORE_DB is required (the name of the new database to restore into)}"
: "${RESTORE_RECORDINGS_DIR:?RESTORE_RECORDINGS_DIR is required (an absent or empty directory for the recordings)}"
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hotline}

log() { echo "[restore] $*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $RESTORE_DB =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "RESTORE_DB must be a plain lower-case identifier (got '$RESTORE_DB')"
for tool in psql pg_restore rsync sha256sum; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

if [ -n "${1:-}" ]; then
  if [ -d "$1" ]; then SET=$1; else SET="$BACKUP_DIR/$1"; fi
else
  . "$(dirname "${BASH_SOURCE[0]}")/backup-sets.sh"
  SET=$(newest_backup_set "$BACKUP_DIR")
  [ -n "$SET" ] || die "no finished backup set under $BACKUP_DIR"
fi
[ -f "$SET/INFO" ] || die "$SET is not a finished backup set (no INFO)"
log "restoring $SET ($(sed -n 's/^kind=//p' "$SET/INFO"), made $(sed -n 's/^created_at=//p' "$SET/INFO"))"

# The target database's URL: DATABASE_URL with its database name replaced (query string kept).
base=${DATABASE_URL%%\?*}
query=${DATABASE_URL#"$base"}
TARGET_URL="${base%/*}/$RESTORE_DB$query"
exists=$(psql "$DATABASE_URL" -XtAc "select 1 from pg_database where datname = '$RESTORE_DB'")
[ -z "$exists" ] || die "database $RESTORE_DB already exists: restore only into a new database"
if [ -d "$RESTORE_RECORDINGS_DIR" ] && [ -n "$(ls -A "$RESTORE_RECORDINGS_DIR")" ]; then
  die "$RESTORE_RECORDINGS_DIR is not empty: restore only into a new directory"
fi

(cd "$SET" && sha256sum --quiet --check postgres.sha256) || die "postgres.dump does not match its checksum: the set is damaged"

mkdir -p "$RESTORE_RECORDINGS_DIR"
rsync -a "$SET/recordings/" "$RESTORE_RECORDINGS_DIR/"
# Every file the manifest lists, with its checksum; and no file it does not list.
(cd "$RESTORE_RECORDINGS_DIR" && sha256sum --quiet --strict --check "$SET/recordings.sha256") ||
  die "restored recordings do not match the set's manifest (listed above)"
extra=$(comm -13 <(sed 's/^[0-9a-f]\{64\}  //' "$SET/recordings.sha256" | sort) <(cd "$RESTORE_RECORDINGS_DIR" && find . -type f -printf '%P\n' | sort))
[ -z "$extra" ] || die "files in the set that its manifest does not list: $extra"
log "recordings: $(wc -l <"$SET/recordings.sha256") files restored into $RESTORE_RECORDINGS_DIR and checked"

psql "$DATABASE_URL" -Xq -v ON_ERROR_STOP=1 -c "create database $RESTORE_DB"
if ! pg_restore --exit-on-error --no-owner --dbname="$TARGET_URL" "$SET/postgres.dump"; then
  die "pg_restore failed; database $RESTORE_DB is incomplete: drop it (drop database $RESTORE_DB) before retrying"
fi
psql "$TARGET_URL" -Xq -c 'analyze' >/dev/null
log "database $RESTORE_DB restored"
