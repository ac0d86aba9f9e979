#!/usr/bin/env bash
# Builds, configures, starts and stops the Asterisk 22 root the project runs in.
# Debian 12 has no Asterisk package, so Asterisk lives in a debootstrapped sid
# root (cached outside the clone; built once per machine, ~40 s) run with chroot.
# It shares the host network: ARI on 127.0.0.1:8088, PJSIP on 127.0.0.1:5060.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
ROOT=${ASTERISK_ROOT:-/var/cache/hotline/asterisk-root}
log() { echo "[asterisk] $*" >&2; }

need_root() {
  if [ ! -x "$ROOT/usr/sbin/asterisk" ]; then build; fi
}

build() {
  log "building Asterisk root in $ROOT (once per machine)"
  command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }
  # The mirror this machine's apt already uses; never a hard-coded host.
  local mirror
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
  local tmp="$ROOT.partial"
  rm -rf "$tmp"; mkdir -p "$(dirname "$ROOT")"
  debootstrap --variant=minbase sid "$tmp" "$mirror" >"$tmp.log" 2>&1 || { tail -20 "$tmp.log"; exit 1; }
  cp /etc/resolv.conf "$tmp/etc/resolv.conf" 2>/dev/null || true
  # The archive mirror here is a snapshot, so its Release files look expired.
  chroot "$tmp" apt-get -o Acquire::Check-Valid-Until=false update >>"$tmp.log" 2>&1
  chroot "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false \
    install -y --no-install-recommends asterisk asterisk-core-sounds-en-gsm asterisk-moh-opsound-gsm >>"$tmp.log" 2>&1 \
    || { tail -20 "$tmp.log"; exit 1; }
  mv "$tmp" "$ROOT"; mv "$tmp.log" "$ROOT.build.log"
  log "root ready"
}

# Prompts and music on hold come from Debian as GSM, which Asterisk decodes and re-encodes for
# every G.711 channel that hears them: at 40 calls/s, 8.8 % of Asterisk's CPU samples
# (BENCHMARKS.md run 32). Asterisk plays the file whose format is cheapest for the channel, so
# A-law and mu-law copies beside each GSM file are streamed as they are. sox decodes GSM exactly
# as Asterisk's own `file convert` does (byte-identical output). Only missing copies are made.
transcode_sounds() {
  command -v sox >/dev/null || { log "sox missing (make deps installs it): prompts stay GSM only"; return 0; }
  local gsm n=0
  while IFS= read -r -d '' gsm; do
    for fmt in alaw:al ulaw:ul; do
      local out="${gsm%.gsm}.${fmt%%:*}"
      [ -s "$out" ] && continue
      sox -D -t gsm "$gsm" -t "${fmt##*:}" "$out.partial" && mv "$out.partial" "$out"
      n=$((n + 1))
    done
  done < <(find -L "$ROOT/usr/share/asterisk/sounds" "$ROOT/usr/share/asterisk/moh" -name '*.gsm' -print0)
  [ "$n" -eq 0 ] || log "prompts and music on hold: $n A-law/mu-law copies made"
}

install_config() {
  need_root
  transcode_sounds
  # Closed network: without its own hostname in /etc/hosts Asterisk blocks on DNS every call.
  printf '127.0.0.1 localhost %s\n::1 localhost ip6-localhost\n' "$(hostname)" >"$ROOT/etc/hosts"
  # Only the project's files in etc/asterisk; Debian's samples are kept once in etc/asterisk.dist.
  [ -d "$ROOT/etc/asterisk.dist" ] || cp -a "$ROOT/etc/asterisk" "$ROOT/etc/asterisk.dist"
  rm -rf "$ROOT/etc/asterisk.new"
  (cd "$HERE" && node --import tsx scripts/render-asterisk-config.ts "$ROOT/etc/asterisk.new")
  rm -rf "$ROOT/etc/asterisk" && mv "$ROOT/etc/asterisk.new" "$ROOT/etc/asterisk"
  mkdir -p "$ROOT/var/spool/asterisk/recording" "$ROOT/var/run/asterisk" "$ROOT/var/log/asterisk"
  chroot "$ROOT" chown -R asterisk:asterisk /var/spool/asterisk /var/run/asterisk /var/log/asterisk /etc/asterisk 2>/dev/null || true
}

running() { chroot "$ROOT" asterisk -rx 'core show version' >/dev/null 2>&1; }

start() {
  install_config
  # A reload cannot load new modules nor change which Stasis messages exist: restart when
  # modules.conf or stasis.conf changed since Asterisk started.
  local restart_sum
  restart_sum=$({ cat "$ROOT/etc/asterisk/modules.conf"; cat "$ROOT/etc/asterisk/stasis.conf" 2>/dev/null || true; } | sha256sum | cut -d' ' -f1)
  if running && [ "$(cat "$ROOT/var/run/hotline-modules.sum" 2>/dev/null)" != "$restart_sum" ]; then
    log "modules.conf or stasis.conf changed; restarting"
    stop
  fi
  if running; then
    log "already running; reloading config"
    chroot "$ROOT" asterisk -rx 'core reload' >/dev/null
  else
    chroot "$ROOT" asterisk -U asterisk -G asterisk
    echo "$restart_sum" >"$ROOT/var/run/hotline-modules.sum"
  fi
  for _ in $(seq 1 100); do
    if running && curl -fsS -o /dev/null "http://127.0.0.1:${ARI_PORT:-8088}/ari/api-docs/resources.json" 2>/dev/null \
      -u "${ARI_USER}:${ARI_PASSWORD}"; then log "up: $(chroot "$ROOT" asterisk -rx 'core show version' | head -1)"; return 0; fi
    sleep 0.2
  done
  log "Asterisk did not come up; last log lines:"; tail -30 "$ROOT/var/log/asterisk/messages.log" 2>/dev/null || true
  exit 1
}

stop() {
  [ -x "$ROOT/usr/sbin/asterisk" ] || return 0
  if running; then chroot "$ROOT" asterisk -rx 'core stop now' >/dev/null 2>&1 || true; fi
  for _ in $(seq 1 50); do running || return 0; sleep 0.1; done
  pkill -f "^asterisk -U asterisk" || true
}

case "${1:-}" in
  build) need_root ;;
  config) install_config ;;
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) if running; then chroot "$ROOT" asterisk -rx 'core show version'; else echo "not running"; exit 1; fi ;;
  cli) shift; chroot "$ROOT" asterisk -rx "$*" ;;
  root) echo "$ROOT" ;;
  *) echo "usage: $0 build|config|start|stop|restart|status|cli CMD|root" >&2; exit 2 ;;
esac
