#!/usr/bin/env bash
# Generates config/generated/ (users file, Camunda Identity as Code, secrets) from config/staff.csv,
# then runs check-production-setup.sh. Safe to rerun: secrets and first passwords are kept.
# docs/production.md, "Bring it up".
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f .env ] || { cp .env.example .env; echo "Created .env from .env.example (non-secret settings)"; }
if [ ! -f config/staff.csv ]; then
  echo "config/staff.csv is missing: cp config/staff.example.csv config/staff.csv, then list your staff" >&2
  exit 1
fi
mode=$(sed -n 's/^BSC_TASKLIST_MODE=//p' .env | tail -n 1)
mode=${mode:-app-only}

mkdir -p config/generated
chmod 700 config/generated
main=org.betweensessions.provision.StaffProvisioning
launcher=org.springframework.boot.loader.launch.PropertiesLauncher
# OIDC settings (BSC_AUTH, BSC_OIDC_*, BSC_CAMUNDA_ADMINS) go to the generator as environment
# variables: Camunda's part of them goes into its generated file (docs/production.md, "OIDC").
oidc_env=$(mktemp)
trap 'rm -f "$oidc_env"' EXIT
grep -E '^(BSC_AUTH|BSC_OIDC_[A-Z_]+|BSC_CAMUNDA_ADMINS)=' .env > "$oidc_env" || true
if command -v docker >/dev/null 2>&1; then
  # The generator is part of the app's jar: build the image, run it once as the current user.
  docker compose build app
  docker run --rm --user "$(id -u):$(id -g)" --entrypoint java --env-file "$oidc_env" \
    -v "$PWD/config:/config" between-sessions:latest \
    -cp /app/app.jar -Dloader.main="$main" "$launcher" /config/staff.csv /config/generated "$mode"
else
  # No Docker on this machine (e.g. preparing files elsewhere): a built jar and Java 21+.
  jar=$(ls target/between-sessions-*.jar 2>/dev/null | grep -v '\.original$' | head -n 1)
  [ -n "$jar" ] || { echo "No Docker and no target/*.jar: run ./mvnw -DskipTests package" >&2; exit 1; }
  while IFS= read -r line; do export "${line?}"; done < "$oidc_env"
  java -cp "$jar" -Dloader.main="$main" "$launcher" config/staff.csv config/generated "$mode"
fi
rm -f "$oidc_env"
exec scripts/check-production-setup.sh
