#!/bin/sh
# testbed/dom0.sh -- runs inside the testbed's dom0 (as /testbed/dom0.sh, from the run's overlay cpio).
# Starts the Xen tools, creates busy PV domUs, runs `xenswitchsim hw record` over the plan in
# /testbed/plan.txt and writes /results as a raw tar onto /dev/vda after every step (so a timeout
# still leaves what was done). Knobs come from the dom0 kernel command line: xtdomus=N xtmem=MB,
# xtnet=1 (d1 gets a netfront/netback vif, 10.99.0.2 <-> dom0 10.99.0.1, with an iperf3 server),
# xtidle=K (dK is created idle: its init sleeps, so its vCPU blocks; the others busy-loop).
# Plan lines (see testbed/run): 'NAME hw-record-args...' records a set; '! CMD' runs a shell command;
# '@net dom0|domU MBPS' starts iperf3 load into dom0 (d1 sends) or into d1 (dom0 sends), '@net off'
# stops it.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp
arg() { sed -n "s/.*$1=\([0-9a-z]*\).*/\1/p" /proc/cmdline; }
NDOMU=$(arg xtdomus); NDOMU=${NDOMU:-1}
MEM=$(arg xtmem); MEM=${MEM:-96}
NET=$(arg xtnet); IDLE=$(arg xtidle)
R=/results; mkdir -p $R/sets
log() { echo "TESTBED: $*"; echo "$(cut -d' ' -f1 /proc/uptime) $*" >> $R/log.txt; }
export_results() { sync; if [ -b /dev/vda ]; then tar -C / -cf /dev/vda results && sync && log "exported ($1)"; else log "no /dev/vda"; fi; }
MODS="xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd virtio_pci virtio_blk"; [ "$NET" = 1 ] && MODS="$MODS xen-netback"
for m in $MODS; do modprobe $m || log "modprobe $m failed"; done
mount -t xenfs xenfs /proc/xen
# xenconsoled logs every guest's console to a file: the wait below reads it (an `xl console` per try
# can take longer than its own timeout on a busy host), and the logs come back with the results
mkdir -p /var/log/xen/console; echo 'XENCONSOLED_ARGS="--log=guest --log-dir=/var/log/xen/console"' >> /etc/default/xen
/etc/init.d/xen start > $R/xen-start.txt 2>&1; log "xen tools started: rc=$?"
xl info > $R/xl-info.txt 2>&1; xl dmesg > $R/xl-dmesg.txt 2>&1
log "$(grep -E 'xen_version|xen_scheduler|nr_cpus' $R/xl-info.txt | tr -s ' ' | tr '\n' ' ')"
# the vif's hotplug script (libxl runs it): a point-to-point route, no bridge
cat > /tmp/vif-xt <<'VIF'
#!/bin/sh
case "$1" in
  online|add) ip link set dev "$vif" up && ip addr add 10.99.0.1/32 peer 10.99.0.2/32 dev "$vif" 2>/dev/null
              xenstore-write "$XENBUS_PATH/hotplug-status" connected ;;
esac
exit 0
VIF
chmod +x /tmp/vif-xt
i=1; while [ $i -le $NDOMU ]; do
  extra="console=hvc0"; [ "$i" = "$IDLE" ] || extra="$extra xtbusy"; vif=; rd=mini.cpio.gz
  if [ $i = 1 ] && [ "$NET" = 1 ]; then extra="$extra xtnet"; vif="vif = [ 'script=/tmp/vif-xt' ]"; rd=mini-net.cpio.gz; fi
  cat > /tmp/d$i.cfg <<CFG
name = "d$i"
type = "pv"
kernel = "/boot/guest/vmlinuz"
ramdisk = "/boot/guest/$rd"
extra = "$extra"
$vif
cpus = "1"
memory = $MEM
vcpus = 1
on_crash = "preserve"
CFG
  # One retry: on a busy host `xl create` has failed once in a while (rc=3), leaving the plan's sets
  # on that domU to fail; the first attempt's messages are kept in create-dN.txt
  for attempt in 1 2; do
    xl create /tmp/d$i.cfg >> $R/create-d$i.txt 2>&1; rc=$?; log "xl create d$i (attempt $attempt): rc=$rc"
    [ $rc = 0 ] && break
    log "xl create d$i failed: $(grep -a -m 3 -i 'error' $R/create-d$i.txt | tr '\n' ' ')"
    xl destroy d$i > /dev/null 2>&1; sleep 5
  done
  i=$((i+1))
done
# wait until the guests' init is up (it prints MINI-INIT on hvc0), so boot work does not mix into the timings
i=1; while [ $i -le $NDOMU ]; do
  k=0; xl domid d$i > /dev/null 2>&1 || k=240   # not created: nothing to wait for (the plan's steps on it will fail visibly)
  while [ $k -lt 240 ] && ! grep -aq 'MINI-INIT: \(busy\|idle\)' /var/log/xen/console/guest-d$i.log 2>/dev/null; do
    sleep 1; k=$((k+1)); [ $((k % 60)) = 0 ] && log "waiting for d$i: $(grep -a -i -E 'panic|out of memory|bug:|error' /var/log/xen/console/guest-d$i.log 2>/dev/null | head -3 | tr '\n' ' ') ... $(tail -c 300 /var/log/xen/console/guest-d$i.log 2>/dev/null | tail -2 | tr '\n' ' ')"; done
  log "d$i up after ${k} s more: $(grep -a MINI-INIT /var/log/xen/console/guest-d$i.log 2>/dev/null | tr '\n' ' ')"; i=$((i+1))
done
xl list > $R/xl-list-setup.txt 2>&1; cp /var/log/xen/console/guest-*.log $R/ 2>/dev/null
if [ "$NET" = 1 ]; then   # check the link and how much iperf3 gets through each way (5 s each)
  ip addr show > $R/net-setup.txt 2>&1; ip route show >> $R/net-setup.txt 2>&1
  k=0; while [ $k -lt 10 ] && ! timeout 20 iperf3 -c 10.99.0.2 -t 1 --connect-timeout 5000 >> $R/net-setup.txt 2>&1; do sleep 2; k=$((k+1)); done
  timeout 30 iperf3 -c 10.99.0.2 -t 5 > $R/net-capacity-domU.txt 2>&1; log "iperf3 into d1 (5 s, unlimited): rc=$? $(grep -a receiver $R/net-capacity-domU.txt | tr -s ' ')"
  timeout 30 iperf3 -c 10.99.0.2 -t 5 -R > $R/net-capacity-dom0.txt 2>&1; log "iperf3 into dom0 (5 s, unlimited): rc=$? $(grep -a receiver $R/net-capacity-dom0.txt | tr -s ' ')"
fi
sleep 5; xl list > $R/xl-list.txt 2>&1; xl vcpu-list >> $R/xl-list.txt 2>&1
export_results setup
NETPID=; NETLOG=
net_stop() { [ -n "$NETPID" ] || return 0; kill -INT $NETPID 2>/dev/null; wait $NETPID 2>/dev/null
  log "net load stopped: $(grep -a -E 'sender|receiver' $NETLOG | tr -s ' ' | tr '\n' ' ')"; NETPID=; }
net_start() { # dom0|domU MBPS: iperf3 client in dom0, server in d1; -R makes d1 send (receive into dom0)
  net_stop; local rev=; [ "$1" = dom0 ] && rev=-R; NETLOG=$R/net-$n-$1-$2M.log
  iperf3 -c 10.99.0.2 $rev -b "$2"M -t 86400 -i 10 --forceflush > $NETLOG 2>&1 & NETPID=$!
  sleep 8; log "net load into $1 at $2 Mbit/s (iperf3 pid $NETPID): $(tail -1 $NETLOG | tr -s ' ')"; }
# plan: one hw record argument list per line: NAME ARGS... (NAME becomes the set's directory),
# '! COMMAND' to change the set-up between sets (e.g. pause the standby of a switch), '@net ...'
n=0; while read -r name rest; do
  case "$name" in ''|\#*) continue ;; esac
  if [ "$name" = '!' ]; then sh -c "$rest" >> $R/log.txt 2>&1; log "ran: $rest (rc=$?)"; continue; fi   # a set-up command between sets
  if [ "$name" = '@net' ]; then if [ "$rest" = off ]; then net_stop; else net_start $rest; fi; continue; fi
  n=$((n+1)); s=$(cut -d' ' -f1 /proc/uptime)
  # shellcheck disable=SC2086
  /testbed/xenswitchsim hw record $rest --tools-path /usr/lib/xen-4.17/bin --out $R/sets/$name --yes > $R/sets/$name.log 2>&1
  rc=$?; log "step $n $name: rc=$rc in $(awk -v s=$s '{print $1-s}' /proc/uptime) s: $(tail -1 $R/sets/$name.log)"
  xl list >> $R/sets/$name.log 2>&1
  export_results "$name"
done < /testbed/plan.txt
net_stop
xl dmesg > $R/xl-dmesg-end.txt 2>&1; cp /var/log/xen/console/*.log $R/ 2>/dev/null
log "dom0 done"
export_results final
