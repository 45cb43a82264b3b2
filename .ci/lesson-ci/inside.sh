#!/usr/bin/env bash
# The part of run.sh inside the private namespaces: start the stand-ins, run the lesson, stop them.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lesson_id=30.1
lesson_file=
report=
work=
while [ $# -gt 0 ]; do
  case $1 in
    --lesson-file) lesson_file=$2; shift 2 ;;
    --report) report=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "Unbekannte Option $1" >&2; exit 2 ;;
  esac
done
work=${work:-$(mktemp -d /tmp/lesson-ci-XXXXXX)}
cache=${LESSON_CI_CACHE:-/tmp/lesson-ci-cache}
mkdir -p "$work" "$cache"
account=123456789012
registry_host=$account.dkr.ecr.eu-central-1.amazonaws.com
say() { printf '[lesson-ci %s] %s\n' "$(date +%T)" "$*"; }

pids=()
cleanup() {
  set +e
  if [ -S "$work/docker.sock" ]; then
    DOCKER_HOST=unix://$work/docker.sock docker ps -aq | xargs -r env DOCKER_HOST=unix://$work/docker.sock docker rm -f >/dev/null 2>&1
  fi
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then say "PID $pid läuft noch!"; else say "gestoppt: PID $pid"; fi
  done
  umount "$work/exec/netns/default" 2>/dev/null
  umount /etc/hosts 2>/dev/null
}
trap cleanup EXIT

wait_for() { # NAME COMMAND...
  local name=$1; shift
  for _ in $(seq 1 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  say "$name startete nicht"; return 1
}

say "Netz-Namensraum: eigenes loopback, $registry_host → 127.0.0.1"
ip link set lo up
cp /etc/hosts "$work/hosts"
printf '127.0.0.1 %s\n' "$registry_host" >>"$work/hosts"
mount --bind "$work/hosts" /etc/hosts

say "moto (STS, ECR) auf 127.0.0.1:5055"
python3 -m moto.server -H 127.0.0.1 -p 5055 >"$work/moto.log" 2>&1 &
pids+=($!)
say "docker-registry auf 127.0.0.1:80 (Login AWS / Token von moto)"
mkdir -p "$work/registry"
htpasswd -Bbn AWS "$account-auth-token" >"$work/registry/htpasswd" 2>/dev/null
cat >"$work/registry/config.yml" <<YAML
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $work/registry/data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:80 }
auth: { htpasswd: { realm: registry, path: $work/registry/htpasswd } }
YAML
docker-registry serve "$work/registry/config.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
say "dockerd (Bridge-Netz im Namensraum, Daten in $cache/docker)"
printf '{"deprecated-key-path": "%s"}\n' "$work/key.json" >"$work/daemon.json"
dockerd --config-file "$work/daemon.json" --data-root "$cache/docker" --exec-root "$work/exec" \
  --pidfile "$work/dockerd.pid" --storage-driver=overlay2 --iptables=false --ip6tables=false \
  --exec-opt native.cgroupdriver=cgroupfs --host "unix://$work/docker.sock" >"$work/dockerd.log" 2>&1 &
pids+=($!)
export DOCKER_HOST=unix://$work/docker.sock DOCKER_CONFIG=$work/home/.docker
wait_for moto curl -sf http://127.0.0.1:5055/moto-api/
wait_for docker-registry curl -s -o /dev/null http://127.0.0.1:80/v2/
wait_for dockerd docker version

say "Basis-Image python:3.11-slim (offline aus Debian)"
"$root/.ci/stand-ins/python-base-image.sh" "$cache" import

# The learner's machine: an empty home (no AWS profile), the project folder, the stand-ins' addresses.
mkdir -p "$work/home" "$work/project"
# pip keeps using this machine's local package mirror (its settings live in the real home).
for conf in "$HOME/.config/pip/pip.conf" "$HOME/.pip/pip.conf"; do
  if [ -f "$conf" ] && [ -z "${PIP_CONFIG_FILE:-}" ]; then export PIP_CONFIG_FILE=$conf; fi
done
export HOME=$work/home
export LESSON_CI_MOTO_URL=http://127.0.0.1:5055
export LESSON_CI_AWS_ACCESS_KEY_ID=AKIALESSONCI00000001
export LESSON_CI_AWS_SECRET_ACCESS_KEY=lesson-ci-secret-access-key
export LESSON_CI_REGISTRY=127.0.0.1:80 LESSON_CI_REGISTRY_USER=AWS LESSON_CI_REGISTRY_PASSWORD=$account-auth-token
export LESSON_CI_TOOL_ROOT=$root
export NO_COLOR=1
args=("$lesson_id" --auto --restart --dir "$work/project" --adapt "$root/.ci/lesson-ci/$lesson_id-offline.adapt.yaml")
[ -n "$lesson_file" ] && args+=(--file "$lesson_file")
[ -n "$report" ] && args+=(--report "$report")
say "npm run lesson ${args[*]} $*"
set +e
node "$root/dist/lesson.mjs" "${args[@]}" "$@"
rc=$?
set -e
say "Runner endete mit $rc"
exit $rc
