#!/usr/bin/env bash
# Cold backup of the whole stack: a logical dump of MariaDB, then every stateful volume copied
# while the services are STOPPED, so Zeebe's state and Elasticsearch's (Operate/Tasklist) come
# from the same moment, as Camunda's backup guide requires of a consistent backup
# (docs/production.md, "Backup and restore"). Downtime: the minutes the copy takes.
#
#   scripts/backup.sh [backup directory]     (default backups/<UTC timestamp>)
#
# The backup holds config/generated/ too: the encryption key and passwords. Keep it encrypted,
# off this host (for example restic or borg to another site), and test restore.sh with it.
set -euo pipefail
cd "$(dirname "$0")/.."

# Options shared with restore.sh and with MariaDbBackupRestoreTest (which runs them for real).
DUMP_OPTS="--single-transaction --routines --triggers --events --hex-blob --default-character-set=utf8mb4 --databases betweensessions"
VOLUMES="zeebe-data elasticsearch-data mariadb-data"
TAR_IMAGE=mariadb:11.4.5   # already on the host; has tar

dest=${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$dest" && chmod 700 "$dest"
dest=$(cd "$dest" && pwd)
project=$(docker compose config 2>/dev/null | sed -n 's/^name: //p' | head -n 1)
project=${project:-$(basename "$PWD" | tr '[:upper:]' '[:lower:]')}

echo "1/4 logical dump of MariaDB (while running, one transaction)"
docker compose exec -T mariadb sh -c \
  "export MYSQL_PWD=\"\$(cat /run/secrets/db_root_password)\"; exec mariadb-dump -uroot $DUMP_OPTS" \
  > "$dest/mariadb.sql"

echo "2/4 stopping the stack (app first, then Camunda and Elasticsearch together, then MariaDB)"
docker compose stop app
docker compose stop camunda elasticsearch mariadb

restart() { docker compose up -d >/dev/null; }
trap restart EXIT

echo "3/4 copying volumes"
for v in $VOLUMES; do
  docker run --rm --entrypoint tar -v "${project}_${v}:/v:ro" -v "$dest:/b" "$TAR_IMAGE" \
    -C /v -czf "/b/$v.tar.gz" .
done
cp -a config/generated "$dest/config-generated"
cp config/staff.csv "$dest/" 2>/dev/null || true
{
  echo "created: $(date -u +%FT%TZ)"
  echo "project: $project"
  docker compose config --images 2>/dev/null | sed 's/^/image: /'
  git rev-parse HEAD 2>/dev/null | sed 's/^/commit: /'
} > "$dest/MANIFEST"
(cd "$dest" && sha256sum ./*.tar.gz mariadb.sql > SHA256SUMS)

echo "4/4 starting the stack again"
trap - EXIT
restart
echo "Backup in $dest"
