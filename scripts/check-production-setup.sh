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
env_value() { sed -n "s/^$1=//p" .env 2>/dev/null | tail -n 1; }
if [ "$(env_value BSC_AUTH)" = oidc ]; then
  # docs/production.md, "OIDC": people sign in through the practice's identity provider.
  for v in BSC_OIDC_ISSUER_URI BSC_OIDC_AUTHORIZATION_URI BSC_OIDC_TOKEN_URI BSC_OIDC_JWK_SET_URI \
      BSC_OIDC_CAMUNDA_CLIENT_ID BSC_OIDC_CAMUNDA_AUDIENCE BSC_OIDC_CAMUNDA_URL BSC_OIDC_APP_CLIENT_ID \
      BSC_OIDC_APP_URL BSC_CAMUNDA_ADMINS; do
    [ -n "$(env_value $v)" ] || fail "BSC_AUTH=oidc needs $v in .env"
  done
  for f in secrets/oidc_camunda_client_secret secrets/oidc_app_client_secret; do
    [ -s "$g/$f" ] && ok "$g/$f" || fail "$g/$f missing: the client secret from the identity provider"
    [ ! -f "$g/$f" ] || [ "$(( 0$(stat -c %a "$g/$f") & 4 ))" -ne 0 ] \
      || fail "$g/$f must be readable by the container's user (rerun scripts/setup-production.sh)"
  done
  case "$(env_value COMPOSE_FILE)" in
    *docker-compose.oidc.yml*) ok "COMPOSE_FILE includes docker-compose.oidc.yml" ;;
    *) fail "BSC_AUTH=oidc needs COMPOSE_FILE=docker-compose.yml:docker-compose.oidc.yml in .env" ;;
  esac
  [ ! -f "$g/camunda-application.yaml" ] || grep -q '^      method: oidc' "$g/camunda-application.yaml" \
    || fail "$g/camunda-application.yaml is not for OIDC: rerun scripts/setup-production.sh"
fi
# A variable named like a secret (not an address such as BSC_OIDC_TOKEN_URI) with a value.
if grep -Ei '^[A-Z_]*(PASSWORD|SECRET|TOKEN)[A-Z_]*=.+' .env 2>/dev/null \
    | grep -Eqvi '^[A-Z_]*_(URI|URL)='; then
  fail ".env holds a password or secret; secrets belong in $g/secrets/ only"
fi

if [ "${1:-}" != "--skip-host" ]; then
  if docker compose version >/dev/null 2>&1; then compose="docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then compose="docker-compose"
  else compose=""; fail "neither 'docker compose' nor docker-compose found"; fi
  if [ -n "$compose" ]; then
    # COMPOSE_FILE in .env (OIDC) names the files; docker-compose reads it from .env itself.
    $compose config -q && ok "the compose file(s) are valid" \
      || fail "the compose file(s) do not validate"
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
