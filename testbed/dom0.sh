#!/bin/sh
# testbed/dom0.sh -- runs inside the testbed's dom0 (as /testbed/dom0.sh, from the run's overlay cpio).
# Starts the Xen tools, creates busy PV domUs, runs `xenswitchsim hw record` over the plan in
# /testbed/plan.txt and writes /results as a raw tar onto /dev/vda after every step (so a timeout
# still leaves what was done). Knobs come from the dom0 kernel command line: xtdomus=N xtmem=MB.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp
arg() { sed -n "s/.*$1=\([0-9a-z]*\).*/\1/p" /proc/cmdline; }
NDOMU=$(arg xtdomus); NDOMU=${NDOMU:-1}
MEM=$(arg xtmem); MEM=${MEM:-96}
R=/results; mkdir -p $R/sets
log() { echo "TESTBED: $*"; echo "$(cut -d' ' -f1 /proc/uptime) $*" >> $R/log.txt; }
export_results() { sync; if [ -b /dev/vda ]; then tar -C / -cf /dev/vda results && sync && log "exported ($1)"; else log "no /dev/vda"; fi; }
for m in xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd virtio_pci virtio_blk; do modprobe $m || log "modprobe $m failed"; done
mount -t xenfs xenfs /proc/xen
/etc/init.d/xen start > $R/xen-start.txt 2>&1; log "xen tools started: rc=$?"
xl info > $R/xl-info.txt 2>&1; xl dmesg > $R/xl-dmesg.txt 2>&1
log "$(grep -E 'xen_version|xen_scheduler|nr_cpus' $R/xl-info.txt | tr -s ' ' | tr '\n' ' ')"
i=1; while [ $i -le $NDOMU ]; do
  cat > /tmp/d$i.cfg <<CFG
name = "d$i"
type = "pv"
kernel = "/boot/guest/vmlinuz"
ramdisk = "/boot/guest/mini.cpio.gz"
extra = "console=hvc0 xtbusy"
cpus = "1"
memory = $MEM
vcpus = 1
on_crash = "preserve"
CFG
  xl create /tmp/d$i.cfg > $R/create-d$i.txt 2>&1; log "xl create d$i: rc=$?"
  i=$((i+1))
done
# wait until the guests' init is up (it prints MINI-INIT on hvc0), so boot work does not mix into the timings
i=1; while [ $i -le $NDOMU ]; do
  for k in $(seq 1 90); do timeout 3 xl console d$i </dev/null 2>/dev/null | grep -aq MINI-INIT && break; sleep 2; done
  log "d$i up: $(timeout 3 xl console d$i </dev/null 2>/dev/null | grep -ac MINI-INIT) MINI-INIT lines"; i=$((i+1))
done
sleep 5; xl list > $R/xl-list.txt 2>&1; xl vcpu-list >> $R/xl-list.txt 2>&1
export_results setup
# plan: one hw record argument list per line: NAME ARGS... (NAME becomes the set's directory),
# or '! COMMAND' to change the set-up between sets (e.g. pause the standby of a switch)
n=0; while read -r name rest; do
  case "$name" in ''|\#*) continue ;; esac
  if [ "$name" = '!' ]; then sh -c "$rest" >> $R/log.txt 2>&1; log "ran: $rest (rc=$?)"; continue; fi   # a set-up command between sets
  n=$((n+1)); s=$(cut -d' ' -f1 /proc/uptime)
  # shellcheck disable=SC2086
  /testbed/xenswitchsim hw record $rest --tools-path /usr/lib/xen-4.17/bin --out $R/sets/$name --yes > $R/sets/$name.log 2>&1
  rc=$?; log "step $n $name: rc=$rc in $(awk -v s=$s '{print $1-s}' /proc/uptime) s: $(tail -1 $R/sets/$name.log)"
  xl list >> $R/sets/$name.log 2>&1
  export_results "$name"
done < /testbed/plan.txt
xl dmesg > $R/xl-dmesg-end.txt 2>&1
log "dom0 done"
export_results final
