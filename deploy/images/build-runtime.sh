#!/usr/bin/env bash
# Assembles, without any container registry, the root filesystem the service images start from
# (the base layer of `./mvnw -Pimages package`, see deploy/k8s/README.md):
#   /opt/java/openjdk  a Java runtime cut by jlink from the build's own JDK (the modules below);
#   /lib, /lib64, /usr/lib  the C libraries that runtime needs, from Debian's packages (apt-get download:
#                      libc6, libgcc-s1, libstdc++6, zlib1g), their copyright files kept in /usr/share/doc;
#   /etc/passwd, /etc/group  the user barometre, uid and gid 10001, that the images run as;
#   /tmp               writable by that user (a Kubernetes emptyDir is mounted over it).
# Usage: build-runtime.sh OUTPUT_DIR JDK_HOME. Needs a Debian-like build machine (apt-get, dpkg-deb).
# Kept between builds: it is made again only when this script or the JDK changes.
set -euo pipefail

out=${1:?output directory}
jdk=${2:?JDK home}
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr,jdk.localedata,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs
packages="libc6 libgcc-s1 libstdc++6 zlib1g"
# the package that carries the GCC runtime's copyright (gcc-12-base on Debian 12)
packages="$packages $(apt-cache depends libgcc-s1 | awk '/Depends: gcc-[0-9]+-base/ {print $2; exit}')"
uid=10001

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9   # several modules may ask at once (./mvnw -T)

key="$(sha256sum "$0" | cut -c1-64) $(head -c 4096 "$jdk/release" | sha256sum | cut -c1-64)"
if [[ -f "$out/complete" && "$(cat "$out/complete")" == "$key" ]]; then
  exit 0
fi

rootfs="$out/rootfs"
rm -rf "$rootfs" "$out/debs" "$out/complete"
mkdir -p "$rootfs/opt/java" "$out/debs"

# the JDK's jmods, or (JDK 24 and later built without them) the JDK's own run-time image
module_path=()
[[ -d "$jdk/jmods" ]] && module_path=(--module-path "$jdk/jmods")
"$jdk/bin/jlink" "${module_path[@]}" --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$rootfs/opt/java/openjdk"
# Debian's JDK keeps its CA certificates outside the JDK (a link to /etc/ssl/certs/java/cacerts): take the file.
if [[ -e "$jdk/lib/security/cacerts" ]]; then
  rm -f "$rootfs/opt/java/openjdk/lib/security/cacerts"
  cp -L "$jdk/lib/security/cacerts" "$rootfs/opt/java/openjdk/lib/security/cacerts"
fi

(cd "$out/debs" && apt-get -o APT::Sandbox::User=root download $packages) || {
  echo "build-runtime.sh: apt-get download failed (run 'apt-get update' once on this machine)" >&2
  exit 1
}
for deb in "$out"/debs/*.deb; do
  dpkg-deb -x "$deb" "$rootfs"
  dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb" >>"$out/debs/versions.txt"
done
# What a JVM never reads: manuals, translations, iconv modules, package scripts' helpers.
rm -rf "$rootfs"/usr/share/{man,info,locale,lintian} "$rootfs"/usr/lib/x86_64-linux-gnu/gconv \
       "$rootfs"/usr/share/gcc "$rootfs"/usr/lib/x86_64-linux-gnu/audit "$rootfs"/sbin "$rootfs"/usr/sbin "$rootfs"/usr/bin
find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
# Jib copies what a link points to, read on this machine: an absolute link (/lib64/ld-linux-x86-64.so.2) is made
# relative to the root filesystem, and one to nothing is dropped.
find "$rootfs" -type l | while read -r link; do
  target=$(readlink "$link")
  if [[ "$target" == /* ]]; then
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$rootfs$target")" "$link"
  fi
  [[ -e "$link" ]] || rm "$link"
done

mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/deployments"
printf 'root:x:0:0:root:/root:/sbin/nologin\nbarometre:x:%s:%s:Baromètre:/deployments:/sbin/nologin\n' $uid $uid >"$rootfs/etc/passwd"
printf 'root:x:0:\nbarometre:x:%s:\n' $uid >"$rootfs/etc/group"
chmod 1777 "$rootfs/tmp"

echo "$key" >"$out/complete"
echo "build-runtime.sh: $(du -sh "$rootfs" | cut -f1) in $rootfs ($(paste -sd, "$out/debs/versions.txt"))"
