#!/usr/bin/env bash
# Offline stand-in for the Docker Hub image python:3.11-slim (no registry is reachable here), as
# ../shared/reference/offline-stand-ins.md describes: Debian bookworm minbase with its python3 (3.11),
# venv and pip; a wheelhouse of the CloudNotes packages from the machine's local pip mirror in /wheels,
# used by pip inside the image (PIP_NO_INDEX, PIP_FIND_LINKS) since the build has no internet either.
# Usage: python-base-image.sh WORKDIR [prepare|import]   (import needs DOCKER_HOST pointing at an engine)
# prepare needs Debian's mirror (and pip's); import needs neither: the lesson CI prepares outside its
# network namespace and imports inside.
set -euo pipefail
work=$1
stage=${2:-all}
tag=python:3.11-slim
if [ "$stage" != prepare ] && docker image inspect "$tag" >/dev/null 2>&1; then echo "$tag ist schon da"; exit 0; fi
rootfs=$work/python-rootfs
mirror=$( (grep -h -E '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null || true) \
  | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ')
if [ ! -x "$rootfs/usr/bin/python3" ]; then
  rm -rf "$rootfs"
  debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,python-is-python3,ca-certificates \
    bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" >"$work/debootstrap-python.log" 2>&1 \
    || { echo "debootstrap schlug fehl, siehe $work/debootstrap-python.log" >&2; tail -5 "$work/debootstrap-python.log" >&2; exit 1; }
fi
# PEP 668: the official image's pip installs system-wide; Debian's marker would refuse that.
rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/usr/share/doc" "$rootfs/usr/share/man"
if [ "$stage" != import ] || [ ! -d "$rootfs/wheels" ]; then
rm -rf "$rootfs/wheels" && mkdir -p "$rootfs/wheels"
python3 -m pip download --quiet --retries 0 --timeout 3 -d "$rootfs/wheels" fastapi uvicorn 'sqlalchemy<2.1' pydantic python-dotenv 'psycopg[binary]'
fi
if [ "$stage" = prepare ]; then echo "$tag vorbereitet in $rootfs"; exit 0; fi
tar -C "$rootfs" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'ENV PIP_NO_INDEX=1' \
  -c 'ENV PIP_FIND_LINKS=/wheels' \
  -c 'CMD ["python3"]' - "$tag" >/dev/null
echo "$tag gebaut aus Debian bookworm ($(chroot "$rootfs" python3 --version)) mit $(ls "$rootfs/wheels" | wc -l) Wheels"
