#!/usr/bin/env bash
# Restores a backup made by backup.sh (docs/production.md, "Backup and restore").
#
#   scripts/restore.sh <backup directory>             all volumes (Zeebe, Elasticsearch, MariaDB)
#   scripts/restore.sh --mariadb-only <backup dir>    only the app's database, from mariadb.sql
#
# Replaces the current state. Zeebe and Elasticsearch are always restored together (a Zeebe state
# without its matching Operate/Tasklist data, or the other way round, is inconsistent).
set -euo pipefail
cd "$(dirname "$0")/.."

VOLUMES="zeebe-data elasticsearch-data mariadb-data"
TAR_IMAGE=mariadb:11.4.5
only_db=false
if [ "${1:-}" = "--mariadb-only" ]; then only_db=true; shift; fi
src=${1:?usage: scripts/restore.sh [--mariadb-only] <backup directory>}
src=$(cd "$src" && pwd)
(cd "$src" && sha256sum -c --quiet SHA256SUMS) || { echo "checksums do not match" >&2; exit 1; }
project=$(docker compose config 2>/dev/null | sed -n 's/^name: //p' | head -n 1)
project=${project:-$(basename "$PWD" | tr '[:upper:]' '[:lower:]')}

if [ ! -d config/generated ]; then
  echo "config/generated/ missing: taking it from the backup (encryption key and passwords)"
  cp -a "$src/config-generated" config/generated
fi

read -r -p "This replaces the current data of project '$project'. Type RESTORE to go on: " answer
[ "$answer" = RESTORE ] || exit 1

if $only_db; then
  docker compose stop app
  docker compose up -d mariadb
  until docker compose exec -T mariadb healthcheck.sh --connect --innodb_initialized; do sleep 2; done
  # The dump holds DROP/CREATE for every table of the database (--databases), so it replaces it.
  docker compose exec -T mariadb sh -c \
    'export MYSQL_PWD="$(cat /run/secrets/db_root_password)"; exec mariadb -uroot' < "$src/mariadb.sql"
  docker compose up -d
  exit 0
fi

docker compose down            # keeps volumes
for v in $VOLUMES; do
  docker volume rm -f "${project}_${v}" >/dev/null
  docker volume create --label "com.docker.compose.project=$project" \
    --label "com.docker.compose.volume=$v" "${project}_${v}" >/dev/null
  docker run --rm --entrypoint tar -v "${project}_${v}:/v" -v "$src:/b:ro" "$TAR_IMAGE" \
    -C /v -xzf "/b/$v.tar.gz"
done
docker compose up -d
echo "Restored from $src; watch: docker compose ps"
