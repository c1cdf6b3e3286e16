#!/usr/bin/env bash
# Checks every step docs/production.md asks for before `docker compose up -d --build`.
# Exit status 0 when all hold; each failure is printed. --skip-host skips the checks of this
# host (Docker, kernel setting, memory), e.g. when the files are prepared on another machine.
set -uo pipefail
cd "$(dirname "$0")/.."
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok:   $*"; }

[ -f config/staff.csv ] && ok "config/staff.csv exists" \
  || fail "config/staff.csv missing (cp config/staff.example.csv config/staff.csv; edit)"
g=config/generated
for f in users camunda-application.yaml initial-passwords.csv secrets/db_password \
    secrets/db_root_password secrets/crypto_key_k1 secrets/camunda_app_password \
    secrets/camunda_admin_password; do
  [ -s "$g/$f" ] && ok "$g/$f" || fail "$g/$f missing or empty (run scripts/setup-production.sh)"
done
if [ -d "$g" ]; then
  [ "$(stat -c %a "$g")" = 700 ] && ok "$g is mode 700" || fail "$g must be mode 700 (chmod 700 $g)"
  [ ! -f "$g/initial-passwords.csv" ] || [ "$(stat -c %a "$g/initial-passwords.csv")" = 600 ] \
    || fail "$g/initial-passwords.csv must be mode 600"
  for f in users camunda-application.yaml secrets/db_password secrets/db_root_password \
      secrets/crypto_key_k1 secrets/camunda_app_password; do
    # The containers' users (not root) read these through bind mounts.
    [ ! -f "$g/$f" ] || [ "$(( 0$(stat -c %a "$g/$f") & 4 ))" -ne 0 ] \
      || fail "$g/$f must be readable by the container's user (mode 644 inside the 700 directory)"
  done
fi
if [ -f config/staff.csv ] && [ -f "$g/users" ] && [ config/staff.csv -nt "$g/users" ]; then
  fail "config/staff.csv changed after $g/users was generated: rerun scripts/setup-production.sh"
fi
if [ -s "$g/secrets/crypto_key_k1" ]; then
  [ "$(base64 -d < "$g/secrets/crypto_key_k1" 2>/dev/null | wc -c)" -eq 32 ] \
    && ok "encryption key is 32 bytes" || fail "$g/secrets/crypto_key_k1 is not 32 bytes in base64"
fi
if [ -f "$g/camunda-application.yaml" ] && ! grep -q '^  license:' "$g/camunda-application.yaml"; then
  echo "warn: no Camunda licence key (config/camunda-license.key): Camunda License 1.0 allows"
  echo "      development, testing and evaluation only; production needs an Enterprise licence or SaaS"
fi
for v in BSC_PRACTICE_NAME BSC_PRACTICE_TIME_ZONE; do
  [ -n "$(sed -n "s/^$v=//p" .env 2>/dev/null | tail -n 1)" ] && ok "$v is set in .env" \
    || fail "$v is not set in .env (the practice's name and time zone, e.g. America/New_York)"
done
if grep -Eqi '^[A-Z_]*(PASSWORD|SECRET|TOKEN)[A-Z_]*=.+' .env 2>/dev/null; then
  fail ".env holds a password or secret; secrets belong in $g/secrets/ only"
fi

if [ "${1:-}" != "--skip-host" ]; then
  if docker compose version >/dev/null 2>&1; then compose="docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then compose="docker-compose"
  else compose=""; fail "neither 'docker compose' nor docker-compose found"; fi
  if [ -n "$compose" ]; then
    $compose -f docker-compose.yml config -q && ok "docker-compose.yml is valid" \
      || fail "docker-compose.yml does not validate"
  fi
  map=$(cat /proc/sys/vm/max_map_count 2>/dev/null || echo 0)
  [ "$map" -ge 262144 ] && ok "vm.max_map_count=$map" \
    || fail "vm.max_map_count=$map, Elasticsearch needs 262144 (sudo sysctl -w vm.max_map_count=262144)"
  mem=$(awk '/MemTotal/ {print int($2/1024/1024)}' /proc/meminfo)
  [ "$mem" -ge 7 ] && ok "${mem} GB RAM (the services' limits add up to 7 GB)" \
    || fail "${mem} GB RAM; the services' memory limits add up to 7 GB"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures problem(s); see docs/production.md"
  exit 1
fi
echo "Ready: docker compose up -d --build"
