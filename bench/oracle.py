#!/usr/bin/python3
"""The achievable floor for a dependency-ordered boot on this machine.

  oracle.py LXCPATH DEPS

Starts every container with 'lxc-start -d' the moment all its dependencies are ready, and sees
readiness for free: the host reads each container's /ready straight from its rootfs every 10 ms
(no lxc-attach, no backoff). What remains is what LXC itself costs when containers start side by
side on this machine, which the single-container critical-path bound leaves out. DEPS has one
line per container: "NAME [DEPENDENCY...]". Exits 0 when every container became ready.
"""
import os
import subprocess
import sys
import time


def main(lxcpath, deps_file, timeout=120.0):
    deps = {}
    with open(deps_file) as f:
        for line in f:
            words = line.split()
            if words:
                deps[words[0]] = words[1:]
    started, ready, procs = set(), set(), []
    deadline = time.monotonic() + timeout
    while len(ready) < len(deps):
        for name, needs in deps.items():
            if name not in started and all(n in ready for n in needs):
                procs.append(subprocess.Popen(["lxc-start", "-P", lxcpath, "-n", name, "-d"]))
                started.add(name)
        for name in started - ready:
            if os.path.exists(os.path.join(lxcpath, name, "rootfs", "ready")):
                ready.add(name)
        if time.monotonic() > deadline:
            print(f"oracle: only {len(ready)} of {len(deps)} ready after {timeout} s", file=sys.stderr)
            return 1
        time.sleep(0.01)
    failed = [p.args[4] for p in procs if p.wait() != 0]
    if failed:
        print("oracle: lxc-start failed for " + " ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
