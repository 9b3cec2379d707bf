#!/usr/bin/python3
"""Helpers for bench/run: read what the containers logged, check it, and render the results.

Containers log "UPTIME EVENT" lines to /events.log (UPTIME from /proc/uptime: the host's
CLOCK_BOOTTIME, truncated to 10 ms), so their times compare with each other and with the bench's
own CLOCK_BOOTTIME timestamps.

  analyze.py dag-boot LXCPATH DEPS T0     readiness and ordering of one dag50 boot
  analyze.py dag-stop LXCPATH DEPS        clean stops and their order in one dag50 shutdown
  analyze.py flat LXCPATH NAMES EVENT     how many containers logged EVENT (and /stopped for "halt")
  analyze.py outcomes JSON                outcome counts of an lxc-auto run record
  analyze.py report TSV META OUT_MD       the table (stdout) and RESULTS.md

DEPS has one line per container: "NAME [DEPENDENCY...]". Output is KEY=VALUE lines for bash.
"""
import json
import os
import statistics
import sys
from collections import Counter


def events(lxcpath, name):
    """First time of each event the container logged."""
    seen = {}
    try:
        with open(os.path.join(lxcpath, name, "rootfs", "events.log")) as log:
            for line in log:
                parts = line.split(None, 1)
                if len(parts) == 2:
                    seen.setdefault(parts[1].strip(), float(parts[0]))
    except FileNotFoundError:
        pass
    return seen


def read_deps(path):
    deps = {}
    with open(path) as f:
        for line in f:
            words = line.split()
            if words:
                deps[words[0]] = words[1:]
    return deps


def dag_boot(lxcpath, deps_file, t0):
    deps = read_deps(deps_file)
    ev = {n: events(lxcpath, n) for n in deps}
    t0 = float(t0)
    missing = sorted(n for n in deps if "ready" not in ev[n] or "start" not in ev[n])
    violations = []
    for child, parents in deps.items():
        for parent in parents:
            if "start" in ev[child] and "ready" in ev[parent] and ev[child]["start"] < ev[parent]["ready"]:
                violations.append(f"{child} started at {ev[child]['start']:.2f} before {parent} was ready at "
                                  f"{ev[parent]['ready']:.2f}")
    for v in violations[:5]:
        print("violation: " + v, file=sys.stderr)
    if missing:
        print("not ready: " + " ".join(missing[:10]), file=sys.stderr)
    ready = [e["ready"] for e in ev.values() if "ready" in e]
    starts = [e["start"] for e in ev.values() if "start" in e]
    print(f"n={len(deps)}")
    print(f"n_ready={len(ready)}")
    print(f"violations={len(violations)}")
    print(f"all_ready={max(ready) - t0:.3f}" if ready else "all_ready=nan")
    print(f"first_start={min(starts) - t0:.3f}" if starts else "first_start=nan")
    print(f"ok={1 if not missing and not violations else 0}")


def dag_stop(lxcpath, deps_file):
    deps = read_deps(deps_file)
    ev = {n: events(lxcpath, n) for n in deps}
    clean = 0
    for n in deps:
        try:
            with open(os.path.join(lxcpath, n, "rootfs", "stopped")) as f:
                clean += f.read().strip() == "clean"
        except FileNotFoundError:
            print(f"not cleanly stopped: {n}", file=sys.stderr)
    # A dependency is asked to halt only after each of its dependents has halted.
    violations = []
    for child, parents in deps.items():
        for parent in parents:
            if "halt" in ev[child] and "halt" in ev[parent] and ev[parent]["halt"] < ev[child]["halt"]:
                violations.append(f"{parent} halted at {ev[parent]['halt']:.2f} before its dependent {child} "
                                  f"at {ev[child]['halt']:.2f}")
    for v in violations[:5]:
        print("violation: " + v, file=sys.stderr)
    print(f"n={len(deps)}")
    print(f"n_clean={clean}")
    print(f"violations={len(violations)}")
    print(f"ok={1 if clean == len(deps) and not violations else 0}")


def flat(lxcpath, names_file, event):
    with open(names_file) as f:
        names = f.read().split()
    count = 0
    for n in names:
        if event == "halt":
            try:
                with open(os.path.join(lxcpath, n, "rootfs", "stopped")) as s:
                    count += s.read().strip() == "clean"
            except FileNotFoundError:
                pass
        else:
            count += event in events(lxcpath, n)
    print(f"n={len(names)}")
    print(f"n_{event}={count}")
    print(f"ok={1 if count == len(names) else 0}")


def outcomes(json_file):
    with open(json_file) as f:
        run = json.load(f)
    counts = Counter(c["outcome"] for c in run["containers"])
    print(f"exit={run['exitCode']}")
    for outcome, n in sorted(counts.items()):
        print(f"{outcome}={n}")


# --- report -------------------------------------------------------------------------------

# (key, label, unit, scale): the rows of the table, in order; keys absent from the data are skipped.
ROWS = [
    ("1. dag50 boot (50 busybox-init containers, 5 layers x 10, 2 deps each, ready 0.5 s after start)",),
    ("dag_single_start", "one container: lxc-start -d returns", "s"),
    ("dag_single_ready", "one container: lxc-start exec to its own 'ready' timestamp", "s"),
    ("dag_bound", "critical-path bound: 5 x (start + ready) of one container", "s"),
    ("dag_boot_oracle_wall", "oracle: lxc-start each container the moment its dependencies' /ready exist (host-side check, no agent)", "s"),
    ("dag_boot_lxcauto_wall", "lxc-auto boot: exec to exit (all ready, verified by lxc-auto)", "s"),
    ("dag_boot_lxcauto_ready", "lxc-auto boot: exec to last container's 'ready' timestamp", "s"),
    ("dag_boot_lxcauto_p50_wall", "lxc-auto boot, max-parallel = 50: exec to exit", "s"),
    ("dag_boot_lxcauto_p50_ready", "lxc-auto boot, max-parallel = 50: exec to last 'ready'", "s"),
    ("dag_boot_autostart_last_wall", "lxc-autostart, delay 1 s on the last container of each layer: exec to exit", "s"),
    ("dag_boot_autostart_last_ready", "lxc-autostart, delay 1 s on the last container of each layer: to last 'ready'", "s"),
    ("dag_boot_autostart_all_wall", "lxc-autostart, delay 1 s on every container: exec to exit", "s"),
    ("dag_boot_autostart_all_ready", "lxc-autostart, delay 1 s on every container: to last 'ready'", "s"),
    ("dag_boot_lxcauto_cpu", "CPU: lxc-auto boot (JVM + the lxc-* commands it ran, user+sys)", "s"),
    ("dag_boot_lxcauto_p50_cpu", "CPU: lxc-auto boot, max-parallel = 50", "s"),
    ("dag_boot_autostart_last_cpu", "CPU: lxc-autostart (delay on the last of each layer)", "s"),
    ("dag_boot_oracle_cpu", "CPU: oracle (python + lxc-start)", "s"),
    ("2. dag50 shutdown (busybox init, clean halt; dependents first)",),
    ("dag_single_halt", "one container: lxc-stop --nokill (busybox init halt)", "s"),
    ("dag_rbound", "reverse critical-path bound: 5 x halt of one container", "s"),
    ("dag_stop_lxcauto_wall", "lxc-auto shutdown", "s"),
    ("dag_stop_lxcauto_p50_wall", "lxc-auto shutdown, max-parallel = 50", "s"),
    ("dag_stop_autostart_wall", "lxc-autostart -s -a -A -t 10", "s"),
    ("dag_stop_lxcauto_cpu", "CPU: lxc-auto shutdown", "s"),
    ("dag_stop_autostart_cpu", "CPU: lxc-autostart -s", "s"),
    ("3. flat200 (200 test-init containers idling in one long sleep, no dependencies)",),
    ("flat_boot_floor", "boot floor: 200 x 'lxc-start -d' in parallel from a shell loop", "s"),
    ("flat_boot_lxcauto", "lxc-auto boot", "s"),
    ("flat_boot_lxcauto_p200", "lxc-auto boot, max-parallel = 200", "s"),
    ("flat_stop_floor", "stop floor: 200 x 'lxc-stop' in parallel from a shell loop", "s"),
    ("flat_stop_lxcauto", "lxc-auto shutdown", "s"),
    ("flat_stop_lxcauto_p200", "lxc-auto shutdown, max-parallel = 200", "s"),
    ("4. agent overhead",),
    ("exec_first_start", "exec of 'lxc-auto boot' to first lxc-start (launcher defaults)", "ms"),
    ("exec_first_start_cds", "exec of 'lxc-auto boot' to first lxc-start (class-data archive, as installed)", "ms"),
    ("exec_jvm_only", "for scale: exec of 'java -Xshare:auto -version' to exit", "ms"),
    ("plan10k", "lxc-auto plan, 10,000 entries (text, to /dev/null)", "s"),
    ("plan10k_json", "lxc-auto plan --json, 10,000 entries", "s"),
    ("daemon_rss", "lxc-auto daemon VmRSS after the dag50 boot", "MiB"),
    ("daemon_hwm", "lxc-auto daemon VmHWM (peak RSS) after the dag50 boot", "MiB"),
    ("machine",),
    ("load1", "1-minute load average right after each measurement (2 CPUs; others' tests included)", "load"),
]


def load_tsv(path):
    data = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2 and parts[1] not in ("", "nan"):
                    data.setdefault(parts[0], []).append(float(parts[1]))
    return data


def fmt(v, unit):
    if unit == "ms":
        return f"{v:.0f}"
    if unit == "MiB":
        return f"{v:.1f}"
    return f"{v:.2f}"


def med(data, key):
    return statistics.median(data[key]) if data.get(key) else None


def report(tsv, meta_file, out_md):
    data = load_tsv(tsv)
    meta = {}
    if os.path.exists(meta_file):
        with open(meta_file) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    meta.setdefault(k, []).append(v)
    table = ["| figure | median | min–max | unit | runs |", "|---|---:|---:|---|---:|"]
    for row in ROWS:
        if len(row) == 1:
            table.append(f"| **{row[0]}** | | | | |")
            continue
        key, label, unit = row
        values = data.get(key)
        if not values:
            continue
        table.append(f"| {label} | {fmt(statistics.median(values), unit)} | {fmt(min(values), unit)}–"
                     f"{fmt(max(values), unit)} | {unit} | {len(values)} |")

    targets = ["| target | measured (median) | limit | ratio to the bound, floor or limit | |", "|---|---:|---:|---:|---|"]
    # ratio: "x" figures are measured / the bound or floor itself (the limit is 1.1 or 1.2 times it)

    def target(label, value_key, limit, unit, bound_key=None, factor=None):
        value = med(data, value_key)
        if value is None:
            return
        if bound_key is not None:
            bound = med(data, bound_key)
            if bound is None:
                return
            limit = factor * bound
        ok = value <= limit
        ratio = f"{value / (limit / factor):.2f} ×" if factor else f"{value / limit:.2f} ×"
        verdict = "(for scale)" if label.startswith("(for scale)") else "met" if ok else "**missed**"
        label = label.replace("(for scale) ", "")
        targets.append(f"| {label} | {fmt(value, unit)} {unit} | {fmt(limit, unit)} {unit} | {ratio} | {verdict} |")

    target("dag50 boot ≤ 1.1 × critical path", "dag_boot_lxcauto_wall", None, "s", "dag_bound", 1.1)
    target("dag50 boot, max-parallel = 50", "dag_boot_lxcauto_p50_wall", None, "s", "dag_bound", 1.1)
    target("(for scale) oracle vs the same bound", "dag_boot_oracle_wall", None, "s", "dag_bound", 1.1)
    target("(for scale) lxc-auto max-parallel = 50 vs 1.1 × oracle", "dag_boot_lxcauto_p50_wall", None, "s",
           "dag_boot_oracle_wall", 1.1)
    target("dag50 shutdown ≤ 1.1 × reverse critical path", "dag_stop_lxcauto_wall", None, "s", "dag_rbound", 1.1)
    target("dag50 shutdown, max-parallel = 50", "dag_stop_lxcauto_p50_wall", None, "s", "dag_rbound", 1.1)
    target("flat200 boot ≤ 1.2 × shell-loop floor", "flat_boot_lxcauto", None, "s", "flat_boot_floor", 1.2)
    target("flat200 boot, max-parallel = 200", "flat_boot_lxcauto_p200", None, "s", "flat_boot_floor", 1.2)
    target("flat200 shutdown ≤ 1.2 × shell-loop floor", "flat_stop_lxcauto", None, "s", "flat_stop_floor", 1.2)
    target("flat200 shutdown, max-parallel = 200", "flat_stop_lxcauto_p200", None, "s", "flat_stop_floor", 1.2)
    target("exec to first lxc-start ≤ 200 ms", "exec_first_start", 200, "ms")
    target("exec to first lxc-start, class-data archive (as installed)", "exec_first_start_cds", 200, "ms")
    target("plan of 10,000 entries ≤ 1 s", "plan10k", 1.0, "s")
    target("daemon RSS ≤ 48 MiB", "daemon_rss", 48, "MiB")

    machine = "\n".join(f"- {k}: {v[-1]}" for k, v in meta.items() if not k.startswith("note")
                        and not k.startswith("check") and not k.startswith("jmh"))
    checks = "\n".join(f"- {v}" for v in meta.get("check", [])) or "- (none recorded)"
    notes = "\n".join(f"- {v}" for v in meta.get("note", [])) or "- none"
    jmh = "\n".join(meta.get("jmh", [])) or "(JMH not run)"
    text = f"""# lxc-auto benchmarks

Written by `bench/run` (see bench/README.md); every figure is the median of the runs, with min–max.
Containers time their own events from /proc/uptime (10 ms resolution); the bench times commands
with CLOCK_BOOTTIME/CLOCK_MONOTONIC through `bench/clock.c`.

## Machine

{machine}

## Results

{chr(10).join(table)}

## Targets

{chr(10).join(targets)}

## JMH: the planner (pure, in memory; bench/jmh)

```
{jmh}
```

## Verification (from the containers' own timestamps)

{checks}

## Notes

{notes}
"""
    with open(out_md, "w") as f:
        f.write(text)
    print("\n".join(table))
    print()
    print("\n".join(targets))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    cmd, args = argv[1], argv[2:]
    if cmd == "dag-boot":
        dag_boot(*args)
    elif cmd == "dag-stop":
        dag_stop(*args)
    elif cmd == "flat":
        flat(*args)
    elif cmd == "outcomes":
        outcomes(*args)
    elif cmd == "report":
        report(*args)
    else:
        print(f"unknown command {cmd}", file=sys.stderr)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
