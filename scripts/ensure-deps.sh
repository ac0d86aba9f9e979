#!/usr/bin/env bash
# Installs and starts what the stack needs on this machine, using what is already there:
# PostgreSQL, Redis, SIPp (Debian's sip-tester), sox, node modules and the Asterisk root.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
log() { echo "[deps] $*" >&2; }
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v sipp >/dev/null || { log "installing sip-tester (SIPp)"; apt_install sip-tester; }
command -v sox >/dev/null || { log "installing sox"; apt_install sox; }
command -v debootstrap >/dev/null || { log "installing debootstrap"; apt_install debootstrap; }
command -v chromium >/dev/null || { log "installing chromium (wallboard browser test)"; apt_install chromium; }

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  command -v pg_ctlcluster >/dev/null || { log "installing postgresql"; apt_install postgresql; }
  log "starting postgresql"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  command -v redis-server >/dev/null || { log "installing redis"; apt_install redis-server redis-tools; }
  log "starting redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/hotline.log
  for _ in $(seq 1 50); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.2; done
fi

cd "$HERE"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing node modules"
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/asterisk.sh build
