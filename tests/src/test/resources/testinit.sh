#!/bin/sh
# PID 1 of the system-test containers. Every event is appended to /events.log as
# "UPTIME EVENT"; /proc/uptime is the host's, so times compare across containers.
# Files in the rootfs steer it: /ready-after SECONDS (touch /ready after that long),
# /listen PORT (accept TCP connections), /hang (ignore the halt signal),
# /die-after SECONDS (exit with status 3 after that long: a crashing service).
log=/events.log
now() { read -r up _ < /proc/uptime; echo "$up"; }
echo "$(now) start" >> $log
if [ -f /die-after ]; then
    sleep "$(cat /die-after)"
    echo "$(now) dying" >> $log
    exit 3
fi
if [ -f /ready-after ]; then
    ( sleep "$(cat /ready-after)"; echo "$(now) ready" >> $log; touch /ready ) &
fi
if [ -f /listen ]; then
    ( while :; do nc -l -p "$(cat /listen)" -e /bin/true; done ) &
fi
halt() {
    echo "$(now) halt" >> $log
    if [ -f /hang ]; then
        echo "$(now) ignoring" >> $log
        return
    fi
    echo clean > /stopped
    exit 0
}
trap halt USR1 PWR TERM
while :; do
    sleep 1 &
    wait $!
done
