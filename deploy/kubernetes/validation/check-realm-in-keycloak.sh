#!/usr/bin/env bash
# Imports the production realm of base/keycloak/realm-import.yaml into a running Keycloak (the
# platform's: ./platform infra, 26.7.3, http://127.0.0.1:8180, admin/admin) as a realm of another
# name, and checks what the static tests can only read: that Keycloak accepts it and binds every
# flow, refuses the password grant to rapport-web, enforces the password policy, has a supervisor
# set up an OTP at the first login and lets a counsellor through with the password alone.
#   deploy/kubernetes/validation/check-realm-in-keycloak.sh        (needs curl, python3 with PyYAML)
# The realm it creates (rapport-prodcheck) is deleted at the end.
set -euo pipefail
KC="${KEYCLOAK_URL:-http://127.0.0.1:8180}"
R=rapport-prodcheck
IMPORT="$(cd "$(dirname "$0")/.." && pwd)/base/keycloak/realm-import.yaml"
PASSWORD='Long-enough-passw0rd'
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }

TOKEN=$(curl -sf -d grant_type=password -d client_id=admin-cli -d "username=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
  -d "password=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" "$KC/realms/master/protocol/openid-connect/token" | json 'd["access_token"]')
AUTH=(-H "Authorization: Bearer $TOKEN")
curl -s -o /dev/null "${AUTH[@]}" -X DELETE "$KC/admin/realms/$R" || true

python3 - "$IMPORT" "$R" "$WORK/realm.json" <<'PY'
import sys, json, yaml
realm = yaml.safe_load(open(sys.argv[1]))['spec']['realm']
realm['realm'] = sys.argv[2]
open(sys.argv[3], 'w').write(json.dumps(realm).replace('${SESSION_SERVICE_CLIENT_SECRET}', 'check-secret-0123456789abcdef'))
PY
status=$(curl -s -o "$WORK/import.out" -w '%{http_code}' "${AUTH[@]}" -H 'Content-Type: application/json' \
  -d @"$WORK/realm.json" "$KC/admin/realms")
if [[ "$status" == 201 ]]; then ok "Keycloak imports the realm"; else fail "import: $status $(head -c 500 "$WORK/import.out")"; exit 1; fi

bindings=$(curl -s "${AUTH[@]}" "$KC/admin/realms/$R" \
  | json '" ".join(str(d.get(k)) for k in ["browserFlow","directGrantFlow","registrationFlow","resetCredentialsFlow","clientAuthenticationFlow","firstBrokerLoginFlow","dockerAuthenticationFlow"])')
if [[ "$bindings" == "rapport browser direct grant registration reset credentials clients first broker login docker auth" ]]; then ok "every flow bound (browser: rapport browser): $bindings"; else fail "flow bindings: $bindings"; fi

user() { # name role password -> HTTP status of the creation
  local status id
  status=$(curl -s -o /dev/null -w '%{http_code}' "${AUTH[@]}" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"enabled\":true,\"email\":\"$1@example.org\",\"firstName\":\"A\",\"lastName\":\"B\",\"emailVerified\":true,\"credentials\":[{\"type\":\"password\",\"value\":\"$3\",\"temporary\":false}]}" \
    "$KC/admin/realms/$R/users")
  if [[ "$status" == 201 ]]; then
    id=$(curl -s "${AUTH[@]}" "$KC/admin/realms/$R/users?username=$1&exact=true" | json 'd[0]["id"]')
    curl -s -o /dev/null "${AUTH[@]}" -H 'Content-Type: application/json' \
      -d "[$(curl -s "${AUTH[@]}" "$KC/admin/realms/$R/roles/$2")]" "$KC/admin/realms/$R/users/$id/role-mappings/realm"
  fi
  echo "$status"
}
if [[ "$(user shortpw counsellor short)" == 400 ]]; then ok "a 5-character password is refused"; else fail "the password policy let a short password through"; fi
[[ "$(user sup1 supervisor "$PASSWORD")" == 201 && "$(user couns1 counsellor "$PASSWORD")" == 201 ]] || fail "creating the test users"

answer=$(curl -s -d grant_type=password -d client_id=rapport-web -d username=couns1 -d "password=$PASSWORD" \
  "$KC/realms/$R/protocol/openid-connect/token")
if [[ "$answer" == *unauthorized_client* ]]; then ok "rapport-web: password grant refused"; else fail "password grant: $answer"; fi

login() { # user -> where the browser goes after the password form
  local jar="$WORK/$1.jar" page action
  page=$(curl -s -c "$jar" -b "$jar" "$KC/realms/$R/protocol/openid-connect/auth?client_id=rapport-web&redirect_uri=https%3A%2F%2Frapport.example.org%2F&response_type=code&scope=openid&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")
  action=$(printf '%s' "$page" | grep -o 'action="[^"]*"' | head -1 | sed 's/action="//; s/"$//; s/&amp;/\&/g')
  curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' --data-urlencode "username=$1" --data-urlencode "password=$PASSWORD" "$action"
}
next=$(login sup1)
if [[ "$next" == *required-action*CONFIGURE_TOTP* ]]; then ok "supervisor: must set up an OTP after the password"; else fail "supervisor after the password: $next"; fi
next=$(login couns1)
if [[ "$next" == https://rapport.example.org/\?*code=* ]]; then ok "counsellor: code after the password alone"; else fail "counsellor after the password: $next"; fi
answer=$(curl -s -o /dev/null -w '%{http_code}' "$KC/realms/$R/protocol/openid-connect/auth?client_id=rapport-web&redirect_uri=http%3A%2F%2Flocalhost%3A8088%2F&response_type=code&scope=openid&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")
if [[ "$answer" == 400 ]]; then ok "a localhost redirect URI is refused"; else fail "localhost redirect: $answer"; fi
# (the redirect URI is valid, so Keycloak sends the error back to it)
answer=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$KC/realms/$R/protocol/openid-connect/auth?client_id=rapport-web&redirect_uri=https%3A%2F%2Frapport.example.org%2F&response_type=code&scope=openid")
if [[ "$answer" == *error=invalid_request* || "$answer" == 400* ]]; then ok "an authorization request without PKCE is refused"; else fail "without PKCE: $answer"; fi

curl -s -o /dev/null "${AUTH[@]}" -X DELETE "$KC/admin/realms/$R"
echo "$failures failed"
[[ $failures -eq 0 ]]
