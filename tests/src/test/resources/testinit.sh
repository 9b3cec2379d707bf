#!/bin/sh
# PID 1 of the system-test containers. Every event is appended to /events.log as
# "UPTIME EVENT"; /proc/uptime is the host's, so times compare across containers.
# Files in the rootfs steer it: /ready-after SECONDS (touch /ready after that long),
# /listen PORT (accept TCP connections), /hang (ignore the halt signal),
# /hang-once (ignore the first halt signal only, as an init not ready for it yet),
# /die-after SECONDS (exit with status 3 after that long: a crashing service),
# /job "SECONDS STATUS" (a one-shot job: log "job-end" after that long, exit with STATUS).
# Each halt logs "halt" and "signal NAME" (which signal came).
# "testinit event NAME", run inside the container (lxc-attach), only logs NAME.
log=/events.log
now() { read -r up _ < /proc/uptime; echo "$up"; }
if [ "$1" = event ]; then
    echo "$(now) $2" >> $log
    exit 0
fi
echo "$(now) start" >> $log
if [ -f /die-after ]; then
    sleep "$(cat /die-after)"
    echo "$(now) dying" >> $log
    exit 3
fi
if [ -f /job ]; then
    read -r seconds status < /job
    sleep "$seconds"
    echo "$(now) job-end" >> $log
    exit "$status"
fi
if [ -f /ready-after ]; then
    ( sleep "$(cat /ready-after)"; echo "$(now) ready" >> $log; touch /ready ) &
fi
if [ -f /listen ]; then
    ( while :; do nc -l -p "$(cat /listen)" -e /bin/true; done ) &
fi
halt() {
    echo "$(now) halt" >> $log
    echo "$(now) signal $1" >> $log
    if [ -f /hang ]; then
        echo "$(now) ignoring" >> $log
        return
    fi
    if [ -f /hang-once ]; then
        rm /hang-once
        echo "$(now) ignoring once" >> $log
        return
    fi
    echo clean > /stopped
    exit 0
}
trap 'halt USR1' USR1
trap 'halt USR2' USR2
trap 'halt PWR' PWR
trap 'halt TERM' TERM
# SIGRTMIN+3 (systemd's halt) by number: busybox sh knows no RTMIN names. 37 with glibc.
trap 'halt RTMIN+3' 37
while :; do
    sleep 1 &
    wait $!
done
