#!/usr/bin/env bash
# Runs an image tarball of the build (target/<service>-image.tar) without a container engine, the way
# Kubernetes runs it with deploy/k8s's settings: its layers unpacked in order into a folder, then its
# entrypoint started as its user (10001) with its environment and working directory, in its own mount and
# PID namespaces, with the root filesystem READ-ONLY and an empty writable /tmp (the emptyDir); the host's
# network, /dev, hosts and resolv.conf are shared. Root only (unshare, mount, chroot).
# Usage: run-image.sh IMAGE.tar [NAME=VALUE...]   (extra environment, e.g. SURVEY_DB_URL=...)
# It prints what it runs, then the service's output; Ctrl-C, or SIGTERM to the java process, stops it.
set -euo pipefail

tarball=$(realpath "${1:?image tarball}")
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/image" "$work/rootfs"
tar -xf "$tarball" -C "$work/image"
readarray -t layers < <(python3 -c 'import json,sys; [print(l) for l in json.load(open(sys.argv[1]))[0]["Layers"]]' "$work/image/manifest.json")
for layer in "${layers[@]}"; do
  tar --warning=no-unknown-keyword -xzf "$work/image/$layer" -C "$work/rootfs"
done
config="$work/image/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["Config"])' "$work/image/manifest.json")"
user=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["User"])' "$config")
workdir=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"].get("WorkingDir") or "/")' "$config")
readarray -t env < <(python3 -c 'import json,sys; [print(e) for e in json.load(open(sys.argv[1]))["config"]["Env"]]' "$config")
readarray -t entrypoint < <(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["config"]; [print(a) for a in (c.get("Entrypoint") or []) + (c.get("Cmd") or [])]' "$config")

# what a container engine provides: mount points for /proc, /dev and the files it binds
mkdir -p "$work/rootfs/proc" "$work/rootfs/dev"
touch "$work/rootfs/etc/hosts" "$work/rootfs/etc/resolv.conf"

echo "run-image.sh: ${layers[*]}" | cut -c1-200
echo "run-image.sh: user $user, in $workdir, read-only root, tmpfs /tmp: ${entrypoint[*]}"
uid=${user%%:*}
gid=${user#*:}
unshare --mount --pid --fork --kill-child bash -c '
  set -e
  root=$1 uid=$2 gid=$3 workdir=$4 envcount=$5
  shift 5
  mount --bind "$root" "$root"
  mount -o remount,bind,ro "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs -o size=64m,mode=1777 tmpfs "$root/tmp"
  mount --bind /etc/hosts "$root/etc/hosts"
  mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
  exec env -i "${@:1:$envcount}" unshare --root="$root" --wd="$workdir" --setgid="$gid" --setuid="$uid" -- "${@:$((envcount + 1))}"
' run-image "$work/rootfs" "$uid" "$gid" "$workdir" $(( ${#env[@]} + $# )) "${env[@]}" "$@" "${entrypoint[@]}"
