#!/usr/bin/env bash
# Starts or stops private PostgreSQL and Redis servers for the tests, on loopback ports, in a
# temporary folder. Usage: source tools/services.sh; services_start; ...; services_stop
# After services_start: RQ_TEST_POSTGRES and RQ_TEST_REDIS are exported when the servers run,
# and RQ_SERVICES_SKIPPED says why they do not.

RQ_PG_PORT=${RQ_PG_PORT:-55432}
RQ_REDIS_PORT=${RQ_REDIS_PORT:-56379}

_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

_install_services() {
  local missing=()
  _pg_bin >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    RQ_SERVICES_SKIPPED="${missing[*]} not installed, and not root to install them"
    return 1
  fi
  echo "Installing ${missing[*]} for the scale-out tests..."
  apt-get update -qq >/dev/null 2>&1
  # The Debian packages would start system-wide servers; keep them from doing so.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1
  local status=$?
  rm -f /usr/sbin/policy-rc.d
  [ $status -eq 0 ] || { RQ_SERVICES_SKIPPED="apt-get install ${missing[*]} failed"; return 1; }
}

_free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

services_start() {
  RQ_SERVICES_SKIPPED=""
  RQ_PG_PORT=$(_free_port "$RQ_PG_PORT")
  RQ_REDIS_PORT=$(_free_port "$RQ_REDIS_PORT")
  _install_services || { export RQ_SERVICES_SKIPPED; return 0; }

  RQ_SERVICES_DIR=$(mktemp -d /tmp/rq-services.XXXXXX)
  chmod 755 "$RQ_SERVICES_DIR"
  local bin; bin=$(_pg_bin)
  local run=()
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    chown postgres "$RQ_SERVICES_DIR"
    run=(runuser -u postgres --)
  fi

  if "${run[@]}" "$bin/initdb" -D "$RQ_SERVICES_DIR/pg" -U postgres --auth=trust -E UTF8 >"$RQ_SERVICES_DIR/initdb.log" 2>&1 \
    && "${run[@]}" "$bin/pg_ctl" -D "$RQ_SERVICES_DIR/pg" -w -l "$RQ_SERVICES_DIR/pg.log" \
         -o "-p $RQ_PG_PORT -k $RQ_SERVICES_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null; then
    export RQ_TEST_POSTGRES="Host=127.0.0.1;Port=$RQ_PG_PORT;Username=postgres;Maximum Pool Size=60"
  else
    RQ_SERVICES_SKIPPED="PostgreSQL did not start (see $RQ_SERVICES_DIR/pg.log)"
  fi

  if redis-server --port "$RQ_REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
       --dir "$RQ_SERVICES_DIR" --daemonize yes --pidfile "$RQ_SERVICES_DIR/redis.pid" >/dev/null 2>&1; then
    export RQ_TEST_REDIS="127.0.0.1:$RQ_REDIS_PORT"
  else
    RQ_SERVICES_SKIPPED="${RQ_SERVICES_SKIPPED:+$RQ_SERVICES_SKIPPED; }Redis did not start"
  fi
  export RQ_SERVICES_SKIPPED RQ_SERVICES_DIR
}

services_stop() {
  [ -n "${RQ_SERVICES_DIR:-}" ] && [ -d "$RQ_SERVICES_DIR" ] || return 0
  local bin; bin=$(_pg_bin)
  if [ -d "$RQ_SERVICES_DIR/pg" ]; then
    if [ "$(id -u)" = 0 ]; then
      runuser -u postgres -- "$bin/pg_ctl" -D "$RQ_SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1
    else
      "$bin/pg_ctl" -D "$RQ_SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1
    fi
  fi
  [ -f "$RQ_SERVICES_DIR/redis.pid" ] && kill "$(cat "$RQ_SERVICES_DIR/redis.pid")" 2>/dev/null
  rm -rf "$RQ_SERVICES_DIR"
}
