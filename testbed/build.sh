#!/bin/bash
# testbed/build.sh -- build (once, cached) the Xen 4.17 / Debian dom0 image for the QEMU testbed.
# Debian packages only. Output under $WORK (default testbed/work, git-ignored):
#   xen-4.17.elf (uncompressed hypervisor for QEMU's multiboot loader), vmlinuz (dom0 + domU kernel),
#   base.cpio.gz (dom0 root fs as initramfs; the run step appends its own overlay cpio), kv.txt.
# The image carries the full plan's loads: stress (dom0 CPU hogs) and iperf3 in dom0, and in the domU
# initramfs xen-netfront plus iperf3 with its libraries (network load through netback).
# Adapted from shared/docs/reference/real-xen-recipe.sh. Re-running is a no-op once base.cpio.gz exists
# (FORCE=1 rebuilds).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-$HERE/work}
mkdir -p "$WORK"; cd "$WORK"
t() { echo "[$(date +%T)] build: $*"; }
IMAGE_VERSION=3   # bump when the image's content changes, so a stale cache is rebuilt
if [ -s base.cpio.gz ] && [ -s xen-4.17.elf ] && [ -s vmlinuz ] && [ "$(cat image-version.txt 2>/dev/null)" = $IMAGE_VERSION ] && [ "${FORCE:-0}" != 1 ]; then
  t "cached image in $WORK (FORCE=1 to rebuild)"; exit 0
fi
[ "$(id -u)" = 0 ] || { echo "build: needs root (mmdebstrap, chroot)" >&2; exit 2; }

t "host packages"
export DEBIAN_FRONTEND=noninteractive
if ! command -v qemu-system-x86_64 >/dev/null || ! command -v mmdebstrap >/dev/null || ! [ -x /bin/busybox ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends qemu-system-x86 seabios ipxe-qemu mmdebstrap cpio gzip busybox-static kmod >/dev/null
fi

t "Xen hypervisor and the Debian kernel"
KPKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
KV=${KPKG#linux-image-}
rm -rf debs x; mkdir -p debs x
(cd debs && apt-get download "$KPKG" xen-hypervisor-4.17-amd64 2>&1 | grep -v 'unsandboxed' || true)
for d in debs/*.deb; do dpkg-deb -x "$d" x; done
gunzip -c x/boot/xen-4.17-amd64.gz > xen-4.17.elf
cp "x/boot/vmlinuz-$KV" vmlinuz

t "dom0 root fs (mmdebstrap minbase + xen-utils-4.17)"
rm -rf rootfs
SRC=; for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do [ -e "$f" ] && { SRC=$f; break; }; done   # the host's own apt sources
mmdebstrap --variant=minbase --include=xen-utils-4.17,xen-utils-common,busybox,kmod,procps,iproute2,util-linux,libicu72,zlib1g,stress,iperf3 \
  bookworm rootfs "$SRC"

t "kernel modules dom0 needs"
mkdir -p rootfs/tmp/fullmods/lib && cp -a x/lib/modules rootfs/tmp/fullmods/lib/
chroot rootfs depmod -b /tmp/fullmods "$KV"
for m in xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xen-blkback xen-netback xen-netfront virtio_blk virtio_pci; do
  chroot rootfs modprobe -d /tmp/fullmods -S "$KV" --show-depends $m
done | awk '/^insmod/{print $2}' | sort -u | while read -r p; do
  rel=${p#/tmp/fullmods}; mkdir -p "rootfs$(dirname "$rel")"; cp "rootfs$p" "rootfs$rel"; done
cp rootfs/tmp/fullmods/lib/modules/$KV/modules.{order,builtin,builtin.modinfo} rootfs/lib/modules/$KV/
rm -rf rootfs/tmp/fullmods; chroot rootfs depmod "$KV"
rm -rf rootfs/usr/share/doc/* rootfs/usr/share/locale/* rootfs/usr/share/man/* rootfs/var/cache/apt/*.bin

t "domU initramfs (static busybox; 'xtbusy' on its command line makes it spin); a second one with xen-netfront + iperf3"
rm -rf mini; mkdir -p mini/{bin,proc,sys,dev,tmp}; cp /bin/busybox mini/bin/
cat > mini/init <<'MINI_EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev 2>/dev/null
echo "MINI-INIT: up, uptime $(cat /proc/uptime)"
if grep -q xtnet /proc/cmdline; then   # netfront, a point-to-point address, and an iperf3 server
  for m in $(ls /lib/modules/*.ko 2>/dev/null); do insmod "$m" 2>/dev/null; done
  for k in 1 2 3 4 5 6 7 8 9 10; do [ -e /sys/class/net/eth0 ] && break; sleep 1; done
  ip link set lo up; ip addr add 10.99.0.2/32 peer 10.99.0.1/32 dev eth0 && ip link set eth0 up
  iperf3 -s -D && echo "MINI-INIT: iperf3 server on 10.99.0.2"
fi
if grep -q xtbusy /proc/cmdline; then echo "MINI-INIT: busy loop"; while :; do :; done; fi
echo "MINI-INIT: idle"
while true; do sleep 1; done
MINI_EOF
chmod +x mini/init
(cd mini && find . | cpio -o -H newc 2>/dev/null | gzip -9 > ../mini.cpio.gz)
# the networked domU's (d1 in --full): the same plus xen-netfront (dependency order, numbered, decompressed:
# busybox insmod may not read .ko.xz) and iperf3 with its libraries
mkdir -p mini/lib/modules
i=10; for p in $(chroot rootfs modprobe -S "$KV" --show-depends xen-netfront | awk '/^insmod/{print $2}'); do
  case "$p" in *.xz) xz -dc "rootfs$p" ;; *.zst) zstd -dc "rootfs$p" ;; *) cat "rootfs$p" ;; esac > "mini/lib/modules/$i-$(basename "${p%.xz}" .zst)"; i=$((i+1)); done
cp rootfs/usr/bin/iperf3 mini/bin/iperf3
for l in $(chroot rootfs ldd /usr/bin/iperf3 | awk '/=> \//{print $3} /^\t\/lib/{print $1}'); do
  mkdir -p "mini$(dirname "$l")"; cp -L "rootfs$l" "mini$l"; done
chroot mini /bin/iperf3 --version >/dev/null   # the copied binary runs with the copied libraries
(cd mini && find . | cpio -o -H newc 2>/dev/null | gzip -9 > ../mini-net.cpio.gz)
mkdir -p rootfs/boot/guest; cp vmlinuz rootfs/boot/guest/vmlinuz; cp mini.cpio.gz mini-net.cpio.gz rootfs/boot/guest/

t "dom0 /init (runs /testbed/dom0.sh from the run's overlay)"
cat > rootfs/init <<'INIT_EOF'
#!/bin/sh
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /run; mount -t tmpfs tmpfs /tmp
mkdir -p /run/lock /var/log/xen /var/lib/xen /run/xen /var/run
echo "DOM0-INIT: up, uptime $(cut -d' ' -f1 /proc/uptime)s"
if [ -x /testbed/dom0.sh ]; then /testbed/dom0.sh 2>&1; else echo "DOM0-INIT: no /testbed/dom0.sh"; fi
echo "DOM0-INIT: done, powering off"
sync; echo o > /proc/sysrq-trigger; sleep 5; poweroff -f
INIT_EOF
chmod +x rootfs/init
echo "$KV" > kv.txt
(cd rootfs && find . | cpio -o -H newc 2>/dev/null | gzip -1 > ../base.cpio.gz.tmp) && mv base.cpio.gz.tmp base.cpio.gz
echo $IMAGE_VERSION > image-version.txt
rm -rf debs x rootfs mini
ls -la base.cpio.gz xen-4.17.elf vmlinuz mini.cpio.gz mini-net.cpio.gz
t "done"
