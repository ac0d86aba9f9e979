#!/usr/bin/env bash
# Backs up Postgres (DATABASE_URL) and the recordings (RECORDINGS_DIR) into one set under BACKUP_DIR:
#
#   BACKUP_DIR/full/<yyyy-mm>/     monthly full: pg_dump -Fc + an independent copy of every recording
#   BACKUP_DIR/daily/<yyyy-mm-dd>/ daily: pg_dump -Fc (a whole logical dump: see below) + a recordings
#                                  snapshot that copies only new or changed files and hard-links the
#                                  rest to the newest earlier set (rsync --link-dest), so it costs the
#                                  space of one day's recordings yet restores on its own
#
# Each set holds postgres.dump, postgres.sha256, recordings/, recordings.sha256 (sha256sum format,
# relative paths) and INFO. It is built in <set>.partial and renamed when complete, so a crash never
# leaves a set that looks finished.
#
# Postgres daily is not incremental: PostgreSQL 15 has no incremental base backup, and WAL archiving
# needs archive_mode=on on the site's cluster (a server restart), which this script cannot assume.
# A compressed daily dump of the whole database is what it does instead; sites that need point-in-time
# recovery add WAL archiving to their cluster (README, "Backups").
#
# Usage: scripts/backup.sh [auto|full|daily]   (auto: full when this month has none yet, else daily)
# Env: BACKUP_DIR (/var/backups/hotline), DATABASE_URL, RECORDINGS_DIR (or ASTERISK_ROOT), BACKUP_KEEP_DAILY (35),
#      BACKUP_KEEP_MONTHLY (36), BACKUP_NOW (YYYY-MM-DD, to name the set: tests and back-dated runs).
set -euo pipefail
export LC_ALL=C # byte order for sort/join, whatever the operator's locale

KIND=${1:-${BACKUP_KIND:-auto}}
BACKUP_DIR=${BACKUP_DIR:-/var/backups/hotline}
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hotline}
RECORDINGS_DIR=${RECORDINGS_DIR:-${ASTERISK_ROOT:-/var/cache/hotline/asterisk-root}/var/spool/asterisk/recording}
KEEP_DAILY=${BACKUP_KEEP_DAILY:-35}
KEEP_MONTHLY=${BACKUP_KEEP_MONTHLY:-36}
TODAY=${BACKUP_NOW:-$(date +%F)}

log() { echo "[backup] $*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $TODAY =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || die "BACKUP_NOW must be YYYY-MM-DD (got '$TODAY')"
[[ $KEEP_DAILY =~ ^[1-9][0-9]*$ && $KEEP_MONTHLY =~ ^[1-9][0-9]*$ ]] || die "BACKUP_KEEP_DAILY and BACKUP_KEEP_MONTHLY must be whole numbers >= 1"
[ -d "$RECORDINGS_DIR" ] || die "RECORDINGS_DIR $RECORDINGS_DIR is not a directory"
for tool in pg_dump pg_restore rsync sha256sum flock; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
MONTH=${TODAY:0:7}

case $KIND in
  auto) if [ -d "$BACKUP_DIR/full/$MONTH" ]; then KIND=daily; else KIND=full; fi ;;
  full | daily) ;;
  *) die "unknown kind '$KIND' (auto, full or daily)" ;;
esac
if [ "$KIND" = full ]; then SET="$BACKUP_DIR/full/$MONTH"; else SET="$BACKUP_DIR/daily/$TODAY"; fi

# The newest finished set before this one: the daily snapshot hard-links its unchanged recordings to it.
. "$(dirname "${BASH_SOURCE[0]}")/backup-sets.sh"
mkdir -p "$(dirname "$SET")"
exec 9>"$BACKUP_DIR/.lock"
flock -n 9 || die "another backup is running into $BACKUP_DIR"
PREVIOUS=$([ "$KIND" = daily ] && newest_backup_set "$BACKUP_DIR" "$SET" || true)

WORK="$SET.partial"
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
log "$KIND backup into $SET${PREVIOUS:+ (unchanged recordings linked to $PREVIOUS)}"

# Postgres: one consistent snapshot of the database (pg_dump runs in one repeatable-read transaction).
started=$(date +%s)
pg_dump --format=custom --compress=6 --file="$WORK/postgres.dump" "$DATABASE_URL"
pg_restore --list "$WORK/postgres.dump" >/dev/null || die "pg_restore cannot read the dump it just wrote"
(cd "$WORK" && sha256sum postgres.dump >postgres.sha256)
log "postgres: $(du -h "$WORK/postgres.dump" | cut -f 1) in $(($(date +%s) - started)) s"

# Recordings: names are ids (no tabs or newlines), which the manifest's line format relies on.
if find "$RECORDINGS_DIR" -type f -name $'*[\t\n\\]*' -print -quit | grep -q .; then
  die "a file name in $RECORDINGS_DIR holds a tab, newline or backslash; rename it before backing up"
fi
started=$(date +%s)
link_dest=()
[ -n "$PREVIOUS" ] && link_dest=(--link-dest="$PREVIOUS/recordings")
rsync -a "${link_dest[@]}" "$RECORDINGS_DIR/" "$WORK/recordings/"

# The manifest: a file hard-linked to the previous set is that set's file (same inode), so its
# checksum is taken from that set's manifest instead of reading years of recordings again every day.
(
  cd "$WORK/recordings"
  known=/dev/null
  if [ -n "$PREVIOUS" ]; then
    known="$WORK/.known"
    # inode <TAB> sha256 for every file of the previous set that its manifest lists
    join -t $'\t' -1 2 -2 2 -o 1.1,2.1 \
      <(cd "$PREVIOUS/recordings" && find . -type f -printf '%i\t%P\n' | sort -t $'\t' -k 2,2) \
      <(sed 's/^\([0-9a-f]\{64\}\)  /\1\t/' "$PREVIOUS/recordings.sha256" | sort -t $'\t' -k 2,2) >"$known"
  fi
  find . -type f -printf '%i\t%P\n' |
    awk -F '\t' -v known="$known" -v tohash="$WORK/.tohash" '
      BEGIN { while ((getline line < known) > 0) { split(line, f, "\t"); sum[f[1]] = f[2] } }
      $1 in sum { print sum[$1] "  " $2; next }
      { print $2 > tohash }' >"$WORK/.reused"
  touch "$WORK/.tohash"
  tr '\n' '\0' <"$WORK/.tohash" | xargs -0 -r sha256sum -- >"$WORK/.hashed"
  cat "$WORK/.reused" "$WORK/.hashed" | sort -k 2 >"$WORK/recordings.sha256"
  log "recordings: $(wc -l <"$WORK/recordings.sha256") files, $(wc -l <"$WORK/.tohash") new or changed (hashed), $(wc -l <"$WORK/.reused") unchanged (linked) in $(($(date +%s) - started)) s"
)
rm -f "$WORK/.known" "$WORK/.tohash" "$WORK/.reused" "$WORK/.hashed"

cat >"$WORK/INFO" <<INFO
kind=$KIND
created_at=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
set_date=$TODAY
database=${DATABASE_URL##*/}
pg_dump=$(pg_dump --version)
linked_to=${PREVIOUS:-}
INFO

# Swap in the finished set (a re-run on the same day or month replaces the earlier one).
if [ -d "$SET" ]; then mv "$SET" "$SET.old.$$"; fi
mv "$WORK" "$SET"
rm -rf "$SET.old.$$"
trap - EXIT
log "done: $SET"

# Retention: the newest KEEP_DAILY daily and KEEP_MONTHLY full sets stay. Hard links keep every
# recording a remaining set still lists.
prune() {
  local dir=$1 keep=$2
  [ -d "$dir" ] || return 0
  find "$dir" -mindepth 1 -maxdepth 1 -type d -name '*.partial' -exec rm -rf {} +
  find "$dir" -mindepth 1 -maxdepth 1 -type d ! -name '*.*' -printf '%f\n' | sort -r | tail -n +$((keep + 1)) |
    while read -r old; do log "pruning $dir/$old"; rm -rf "${dir:?}/$old"; done
}
prune "$BACKUP_DIR/daily" "$KEEP_DAILY"
prune "$BACKUP_DIR/full" "$KEEP_MONTHLY"
