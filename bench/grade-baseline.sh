#!/usr/bin/env bash
# The same verification as `npm run grade 30.1`, the way one would script it by hand: aws CLI calls,
# docker and curl, one after another. Used by bench/grade-vs-bash.ts as the baseline.
# Usage: grade-baseline.sh API_URL   (AWS_* and DOCKER_HOST from the environment)
set -u
api=${1:-http://localhost:8000}
ok=0; bad=0
pass() { ok=$((ok + 1)); }
fail() { bad=$((bad + 1)); echo "FAIL: $*" >&2; }

aws --version >/dev/null 2>&1 && pass || fail aws-cli
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && pass || fail docker-engine
aws sts get-caller-identity --query Account --output text >/dev/null && pass || fail aws-identity
repo=$(aws ecr describe-repositories --repository-names cloudnotes-api \
  --query 'repositories[0].[imageTagMutability,imageScanningConfiguration.scanOnPush]' --output text) \
  && [[ $repo == "MUTABLE"*"True" ]] && pass || fail ecr-repository

# API: the same 16 requests as the api-responds check, status codes and key bodies.
expect() { [[ $1 == "$2" ]] || fail "api $3: erwartet $2, gefunden $1"; }
code() { curl -s -o /tmp/bench-body.$$ -w '%{http_code}' "$@"; }
expect "$(code "$api/")" 200 'GET /'
grep -q '"CloudNotes API läuft!"' /tmp/bench-body.$$ || fail 'GET / message'
expect "$(code "$api/health")" 200 'GET /health'
expect "$(code "$api/docs")" 200 'GET /docs'
expect "$(code "$api/openapi.json")" 200 'GET /openapi.json'
a=$(curl -s -X POST -H 'content-type: application/json' -d '{"title":"Prüfnotiz A","content":"x"}' "$api/notes" | sed -E 's/.*"id":"([^"]+)".*/\1/')
b=$(curl -s -X POST -H 'content-type: application/json' -d '{"title":"Prüfnotiz B","content":"y"}' "$api/notes" | sed -E 's/.*"id":"([^"]+)".*/\1/')
list=$(curl -s "$api/notes")
[[ ${list%%"$a"*} == *"$b"* ]] || fail 'GET /notes newest first'
expect "$(code "$api/notes/$a")" 200 'GET /notes/{id}'
expect "$(code -X PUT -H 'content-type: application/json' -d '{"title":"Prüfnotiz A2"}' "$api/notes/$a")" 200 PUT
expect "$(code -X DELETE "$api/notes/$a")" 204 DELETE
expect "$(code "$api/notes/$a")" 404 'GET 404'
grep -q 'Notiz nicht gefunden' /tmp/bench-body.$$ || fail '404 message'
expect "$(code -X POST -H 'content-type: application/json' -d '{"content":"c"}' "$api/notes")" 422 'POST 422'
expect "$(code -X POST -H 'content-type: application/json' -d '{"title":"","content":"c"}' "$api/notes")" 422 'POST 422 leer'
curl -s -D - -o /dev/null -H 'Origin: http://frontend.example' "$api/notes" | grep -qi '^access-control-allow-origin: \*' || fail CORS
expect "$(code -X OPTIONS -H 'Origin: http://frontend.example' -H 'Access-Control-Request-Method: POST' "$api/notes")" 200 preflight
expect "$(code -X DELETE "$api/notes/$b")" 204 'DELETE B'
rm -f /tmp/bench-body.$$
pass

# Image: exposes 8000 and answers there from a short-lived container (like the image-built check).
serve_ok() {
  docker image inspect cloudnotes-api:v1.0 --format '{{json .Config.ExposedPorts}}' 2>/dev/null | grep -q 8000/tcp || return 1
  local name=cloudnotes-check-$$ port i answered=1
  docker run -d --name "$name" -p 127.0.0.1::8000 cloudnotes-api:v1.0 >/dev/null || return 1
  port=$(docker port "$name" 8000/tcp | head -1)
  for i in $(seq 100); do
    if curl -s -o /dev/null -m 1 "http://$port/"; then answered=0; break; fi
    sleep 0.15
  done
  # Removed without waiting, as the check does (the benchmark waits for it outside the timing).
  docker rm -f "$name" >/dev/null 2>&1 &
  return $answered
}
serve_ok && pass || fail image-built
[[ -z $(docker ps -a --filter name=^/cloudnotes-test$ -q) ]] && pass || fail test-container-removed
v1=$(aws ecr describe-images --repository-name cloudnotes-api --image-ids imageTag=v1.0 --query 'imageDetails[0].imageDigest' --output text)
latest=$(aws ecr describe-images --repository-name cloudnotes-api --image-ids imageTag=latest --query 'imageDetails[0].imageDigest' --output text)
local_digests=$(docker image inspect cloudnotes-api:v1.0 --format '{{json .RepoDigests}}')
[[ $v1 == "$latest" && $local_digests == *"$v1"* ]] && pass || fail image-pushed
aws ecr get-lifecycle-policy --repository-name cloudnotes-api >/dev/null 2>&1 && pass || fail lifecycle-policy
aws ecr describe-image-scan-findings --repository-name cloudnotes-api --image-id imageTag=v1.0 >/dev/null 2>&1 && pass || fail image-scan

echo "bestanden: $ok, nicht bestanden: $bad"
exit 0
