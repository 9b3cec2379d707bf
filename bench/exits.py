#!/usr/bin/python3
"""When each container's init ended, seen from the host.

  exits.py PIDS OUT [TIMEOUT]

PIDS has one "NAME PID" line per running container (lxc-ls -f -F NAME,PID). Polls /proc every
5 ms until every init has ended (gone, or a zombie its monitor has not reaped yet), then writes
"NAME SECONDS" lines to OUT, SECONDS on CLOCK_BOOTTIME, the clock the containers' /proc/uptime
shows. A container's clean halt ends with its init's exit, after its ::shutdown: action logged
"halt", so the span from the first "halt" to the last exit is the shutdown without the time a
tool takes to start or to notice. Exits 1 if some init still ran after TIMEOUT seconds (200).
"""
import sys
import time


def ended(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            # "PID (COMM) STATE ...": COMM may contain spaces and parentheses, STATE follows the last ')'
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (FileNotFoundError, ProcessLookupError):
        return True


def main(pids_file, out_file, timeout=200.0):
    running = {}
    with open(pids_file) as f:
        for line in f:
            words = line.split()
            if len(words) == 2 and words[1].isdigit():
                running[words[0]] = int(words[1])
    exits = {}
    deadline = time.monotonic() + float(timeout)
    while running and time.monotonic() < deadline:
        now = time.clock_gettime(time.CLOCK_BOOTTIME)
        for name, pid in list(running.items()):
            if ended(pid):
                exits[name] = now
                del running[name]
        time.sleep(0.005)
    with open(out_file, "w") as f:
        for name, at in sorted(exits.items()):
            f.write(f"{name} {at:.3f}\n")
    if running:
        print("exits.py: still running after %s s: %s" % (timeout, " ".join(sorted(running))), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
