#!/usr/bin/env bash
# Lesson CI: runs a whole lesson unattended (`npm run lesson ID -- --auto`) against real stand-ins,
# offline, as ../shared/reference/offline-stand-ins.md describes: moto for STS/ECR, Debian's Docker engine
# and registry, base images built from Debian, the local pip mirror. Everything runs in a private
# network and mount namespace (own loopback, own /etc/hosts): nothing on the host changes, and the
# ECR registry host of the lesson resolves to the local registry. Every daemon is stopped by PID.
#
# Usage: .ci/lesson-ci/run.sh [--lesson-file FILE] [--report BASE] [--work DIR] [-- RUNNER-OPTIONS]
#   e.g. .ci/lesson-ci/run.sh --report /tmp/bericht-30.1            (whole lesson 30.1)
#        .ci/lesson-ci/run.sh -- --solution                          (with the reference solution)
# Exit code: the runner's (0 only when every step and every required check passed).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" != 0 ]; then echo "Lesson-CI braucht root (Netz-Namensraum, dockerd)." >&2; exit 2; fi
# Base image roots need Debian's mirror: prepared here, on the host's network (cached), imported inside.
cache=${LESSON_CI_CACHE:-/tmp/lesson-ci-cache}
mkdir -p "$cache"
"$root/.ci/stand-ins/python-base-image.sh" "$cache" prepare
exec unshare --net --mount --propagation private -- bash "$root/.ci/lesson-ci/inside.sh" "$@"
