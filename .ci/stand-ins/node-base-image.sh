#!/usr/bin/env bash
# Offline stand-in for the Docker Hub image node:20-bookworm-slim (no registry is reachable here):
# a Debian bookworm minbase root (debootstrap from Debian's mirror) plus this machine's own Node.js 20,
# npm and Node's headers (so node-gyp builds native modules without downloading anything).
# Usage: node-base-image.sh WORKDIR [prepare|import]   (import needs DOCKER_HOST pointing at an engine)
# prepare needs Debian's mirror (and pip's); import needs neither: the lesson CI prepares outside its
# network namespace and imports inside.
set -euo pipefail
work=$1
stage=${2:-all}
tag=node:20-bookworm-slim
if [ "$stage" != prepare ] && docker image inspect "$tag" >/dev/null 2>&1; then echo "$tag ist schon da"; exit 0; fi
rootfs=$work/node-rootfs
# The machine's own Debian mirror (the URIs line of its apt sources; comments may name others).
mirror=$( (grep -h -E '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null || true) \
  | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ')
if [ ! -x "$rootfs/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 \
    || { echo "debootstrap schlug fehl, siehe $work/debootstrap.log" >&2; tail -5 "$work/debootstrap.log" >&2; exit 1; }
fi
node_bin=$(readlink -f "$(command -v node)")
npm_dir=$(dirname "$node_bin")/../lib/node_modules/npm
headers=$(npm config get nodedir)/include/node
install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
rm -rf "$rootfs/usr/local/lib/node_modules/npm" "$rootfs/usr/local/include/node"
cp -a "$(readlink -f "$npm_dir")" "$rootfs/usr/local/lib/node_modules/npm"
cp -a "$headers" "$rootfs/usr/local/include/node"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
# This machine reaches the npm registry through its own certificate authority: the stand-in trusts what
# the host trusts, as a real base image trusts the public CAs.
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
# The official image has a "node" user (uid 1000).
chroot "$rootfs" /bin/sh -c 'getent passwd node >/dev/null || (groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node)'
rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/usr/share/doc" "$rootfs/usr/share/man"
if [ "$stage" = prepare ]; then echo "$tag vorbereitet in $rootfs"; exit 0; fi
tar -C "$rootfs" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV NODE_VERSION='"$(node --version | tr -d v)" \
  -c 'ENV npm_config_nodedir=/usr/local' \
  -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  -c 'ENV npm_config_cafile=/etc/ssl/certs/ca-certificates.crt' \
  -c 'CMD ["node"]' - "$tag" >/dev/null
echo "$tag gebaut aus Debian bookworm und $(node --version)"
