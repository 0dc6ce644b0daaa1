#!/usr/bin/env bash
# DhakaCart Lab's PostgreSQL entrypoint: the official image's contract (POSTGRES_USER, POSTGRES_PASSWORD,
# POSTGRES_DB, PGDATA, POSTGRES_INITDB_ARGS, /docker-entrypoint-initdb.d, `postgres -c name=value` args)
# plus streaming replication, so that @testcontainers/postgresql and the lab's own cluster both run it.
#
# Two modes, chosen by PRIMARY_HOST:
#   primary (PRIMARY_HOST unset): an empty PGDATA gets initdb (C.UTF-8, scram), the app user and database,
#     the replication role (REPLICATION_USER/REPLICATION_PASSWORD) and a pg_hba entry for the standbys on
#     the container's own networks; SYNCHRONOUS_STANDBY_NAMES is the initial synchronous_standby_names.
#   standby (PRIMARY_HOST set): an empty PGDATA gets `pg_basebackup -R -X stream` from PRIMARY_HOST:
#     PRIMARY_PORT (through REPLICATION_SLOT when set), then the server starts as a hot standby streaming
#     with application_name=NODE_NAME (what synchronous_standby_names on the primary refers to).
# A non-empty PGDATA is started as it is. Only the final server logs to the container's output, so
# "database system is ready to accept connections" (a standby: "... read-only connections") appears once.
set -Eeuo pipefail

export PATH="/usr/lib/postgresql/15/bin:$PATH"
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

log() { printf '%s [entrypoint] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$*"; }
die() {
  log "error: $*"
  exit 1
}

# Options for the server (`-c name=value`): the official image takes `docker run IMAGE -c ...`.
if [ "${1:-}" != "" ] && [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
# Any other command (bash, psql, ...) runs as given.
if [ "${1:-}" != 'postgres' ]; then exec "$@"; fi

# PostgreSQL refuses to run as root: prepare PGDATA (often an empty tmpfs or volume owned by root),
# then run this script again as the postgres user, keeping PID 1 (no su/sudo process in between).
if [ "$(id -u)" = '0' ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  mkdir -p /var/run/postgresql
  chown postgres:postgres /var/run/postgresql
  export HOME=/var/lib/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups -- "${BASH_SOURCE[0]}" "$@"
fi

POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
REPLICATION_USER="${REPLICATION_USER:-replicator}"
NODE_NAME="${NODE_NAME:-$(hostname)}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"

sql_ident() { printf '"%s"' "${1//\"/\"\"}"; }
sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }
# A value inside a single-quoted conninfo string: backslash and quote escaped with a backslash.
conninfo_value() {
  local v="${1//\\/\\\\}"
  printf "'%s'" "${v//\'/\\\'}"
}

pgdata_empty() { [ -z "$(ls -A "$PGDATA" 2>/dev/null)" ]; }

init_primary() {
  [ -n "${POSTGRES_PASSWORD:-}" ] || die "POSTGRES_PASSWORD is not set; the superuser ${POSTGRES_USER} needs a password"
  [ -n "${REPLICATION_PASSWORD:-}" ] || log "REPLICATION_PASSWORD is not set: no replication role, no standby can connect"
  local pwfile
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words, as in the official image.
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"

  cat >>"$PGDATA/postgresql.conf" <<EOF

# --- DhakaCart Lab (docker-entrypoint.sh): streaming replication ---
listen_addresses = '*'
password_encryption = scram-sha-256
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
# WAL kept for a standby that streams without a slot, or is being re-cloned.
wal_keep_size = 128MB
hot_standby = on
# Queries on the standby do not get cancelled by vacuum on the primary.
hot_standby_feedback = on
# Fresher replay positions in pg_stat_replication (default 10 s).
wal_receiver_status_interval = 1s
# A standby whose primary is not reachable yet retries sooner than the 5 s default.
wal_retrieve_retry_interval = 200ms
synchronous_commit = on
synchronous_standby_names = $(sql_literal "${SYNCHRONOUS_STANDBY_NAMES:-}")
EOF

  # In-container connections (health checks, `docker exec psql`) are trusted, as in the official image;
  # everything from the network needs a scram password; replication only from the container's own
  # subnets (the lab's docker network).
  cat >"$PGDATA/pg_hba.conf" <<EOF
# DhakaCart Lab (docker-entrypoint.sh)
local   all          all                          trust
host    all          all            127.0.0.1/32  trust
host    all          all            ::1/128       trust
host    replication  $(sql_ident "$REPLICATION_USER")  samenet       scram-sha-256
host    all          all            all           scram-sha-256
EOF

  # A temporary server on the unix socket only, logging to a file: its "ready to accept connections"
  # must not look like the final server's to a log-watching wait strategy.
  local initlog=/tmp/postgres-init.log
  if ! pg_ctl -D "$PGDATA" -w -t 60 -l "$initlog" -o "-c listen_addresses='' -c synchronous_standby_names=''" start >/dev/null; then
    cat "$initlog" >&2 || true
    die "the temporary server for initialisation did not start"
  fi
  local psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "$POSTGRES_USER" --dbname postgres)
  if [ "$POSTGRES_DB" != 'postgres' ]; then
    "${psql[@]}" -c "CREATE DATABASE $(sql_ident "$POSTGRES_DB")"
  fi
  if [ -n "${REPLICATION_PASSWORD:-}" ]; then
    "${psql[@]}" -c "CREATE ROLE $(sql_ident "$REPLICATION_USER") WITH REPLICATION LOGIN PASSWORD $(sql_literal "$REPLICATION_PASSWORD")"
  fi
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    # shellcheck disable=SC1090 # the image user's own scripts, sourced as the official image does
    case "$f" in
      *.sh) log "running $f" && . "$f" ;;
      *.sql) log "running $f" && "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
      *) ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  log "initialised $PGDATA as a primary (superuser ${POSTGRES_USER}, database ${POSTGRES_DB}, replication role ${REPLICATION_USER})"
}

init_standby() {
  [ -n "${REPLICATION_PASSWORD:-}" ] || die "standby mode (PRIMARY_HOST=$PRIMARY_HOST) needs REPLICATION_PASSWORD"
  export PGPASSWORD="$REPLICATION_PASSWORD"
  local wait="${PRIMARY_WAIT_SECONDS:-60}" waited=0
  until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -t 1; do
    waited=$((waited + 1))
    [ "$waited" -lt "$wait" ] || die "the primary ${PRIMARY_HOST}:${PRIMARY_PORT} did not accept connections within ${wait} s"
    sleep 1
  done
  local conninfo="host=$PRIMARY_HOST port=$PRIMARY_PORT user=$REPLICATION_USER application_name=$NODE_NAME"
  log "base backup of ${PRIMARY_HOST}:${PRIMARY_PORT}${REPLICATION_SLOT:+ through slot $REPLICATION_SLOT}"
  pg_basebackup --dbname="$conninfo" --pgdata="$PGDATA" --write-recovery-conf --wal-method=stream \
    --checkpoint=fast --no-password ${REPLICATION_SLOT:+--slot="$REPLICATION_SLOT"} \
    --label="dhakacart-lab standby $NODE_NAME"
  unset PGPASSWORD
  # -R wrote a primary_conninfo; this one (later lines win) pins application_name, the password and a
  # short connect timeout, whatever pg_basebackup chose to copy.
  {
    printf '\n# DhakaCart Lab (docker-entrypoint.sh): standby of %s:%s\n' "$PRIMARY_HOST" "$PRIMARY_PORT"
    printf 'primary_conninfo = %s\n' "$(sql_literal "host=$PRIMARY_HOST port=$PRIMARY_PORT user=$REPLICATION_USER password=$(conninfo_value "$REPLICATION_PASSWORD") application_name=$NODE_NAME connect_timeout=2")"
    if [ -n "${REPLICATION_SLOT:-}" ]; then printf 'primary_slot_name = %s\n' "$(sql_literal "$REPLICATION_SLOT")"; fi
  } >>"$PGDATA/postgresql.auto.conf"
  chmod 0700 "$PGDATA"
  log "initialised $PGDATA as a hot standby of ${PRIMARY_HOST}:${PRIMARY_PORT} (application_name ${NODE_NAME})"
}

if pgdata_empty; then
  if [ -n "${PRIMARY_HOST:-}" ]; then init_standby; else init_primary; fi
else
  log "$PGDATA is not empty: starting the existing cluster"
fi

shift
exec postgres -c "cluster_name=$NODE_NAME" "$@"
