# Sourced by backup.sh and restore.sh: which finished backup set is the newest.
# newest_backup_set DIR [EXCLUDE] prints the path of the set under DIR/full and DIR/daily with the
# latest created_at (nanoseconds since the clean-clone CI run where a full and a daily made within one
# second tied; sets made before that are read as .000000000), then the latest set_date; sets without INFO (unfinished) and EXCLUDE are skipped.
newest_backup_set() {
  local dir=$1 exclude=${2:-} d
  for d in "$dir"/full/* "$dir"/daily/*; do
    [[ -f $d/INFO && $d != "$exclude" ]] || continue
    printf '%s\t%s\t%s\n' "$(sed -n 's/^created_at=//p' "$d/INFO" | sed 's/Z$//; /\./!s/$/.000000000/')" "$(sed -n 's/^set_date=//p' "$d/INFO")" "$d"
  done | sort | tail -n 1 | cut -f 3
}
