#!/usr/bin/python3
"""Helpers for bench/run: read what the containers logged, check it, and render the results.

Containers log "UPTIME EVENT" lines to /events.log (UPTIME from /proc/uptime: the host's
CLOCK_BOOTTIME, truncated to 10 ms), so their times compare with each other and with the bench's
own CLOCK_BOOTTIME timestamps.

  analyze.py dag-boot LXCPATH DEPS T0     readiness and ordering of one dag50 boot
  analyze.py dag-stop LXCPATH DEPS [EXITS] clean stops and their order in one dag50 shutdown, and
                                          with exits.py's EXITS, the first halt to the last init exit
  analyze.py flat LXCPATH NAMES EVENT     how many containers logged EVENT (and /stopped for "halt")
  analyze.py outcomes JSON                outcome counts of an lxc-auto run record
  analyze.py report TSV META              the tables (stdout), bench/RESULTS.md, and bench/findings.md
                                          rendered from bench/findings.in.md

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


def read_exits(path):
    exits = {}
    with open(path) as f:
        for line in f:
            words = line.split()
            if len(words) == 2:
                exits[words[0]] = float(words[1])
    return exits


def dag_stop(lxcpath, deps_file, exits_file=None):
    deps = read_deps(deps_file)
    ev = {n: events(lxcpath, n) for n in deps}
    exits = read_exits(exits_file) if exits_file else {}
    unseen = sorted(n for n in deps if exits_file and n not in exits)
    if unseen:
        print("init exit not seen: " + " ".join(unseen[:10]), file=sys.stderr)
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
    halts = [e["halt"] for e in ev.values() if "halt" in e]
    print(f"n={len(deps)}")
    print(f"n_clean={clean}")
    print(f"violations={len(violations)}")
    if exits and halts:
        # From the first halt signal (the first ::shutdown: stamp) to the last init's end.
        print(f"span={max(exits.values()) - min(halts):.3f}")
    print(f"ok={1 if clean == len(deps) and not violations and not unseen else 0}")


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

BENCH = os.path.dirname(os.path.abspath(__file__))

# (key, label, unit): the rows of the table, in order; keys absent from the data are skipped.
ROWS = [
    ("1. dag50 boot (50 busybox-init containers, 5 layers x 10, 2 deps each, ready 0.5 s after start; shipped defaults)",),
    ("dag_single_start", "one container: lxc-start -d returns", "s"),
    ("dag_single_ready", "one container: lxc-start exec to its own 'ready' timestamp", "s"),
    ("dag_bound", "critical-path bound: 5 x (start + ready) of one container", "s"),
    ("dag_boot_oracle_wall", "oracle: lxc-start each container the moment its dependencies' /ready exist (host-side check, no agent)", "s"),
    ("dag_boot_lxcauto_wall", "lxc-auto boot: exec to exit (all ready, verified by lxc-auto)", "s"),
    ("dag_boot_lxcauto_ready", "lxc-auto boot: exec to last container's 'ready' timestamp", "s"),
    ("dag_boot_autostart_last_wall", "lxc-autostart, delay 1 s on the last container of each layer: exec to exit", "s"),
    ("dag_boot_autostart_last_ready", "lxc-autostart, delay 1 s on the last container of each layer: exec to last 'ready'", "s"),
    ("dag_boot_autostart_all_wall", "lxc-autostart, delay 1 s on every container: exec to exit", "s"),
    ("dag_boot_autostart_all_ready", "lxc-autostart, delay 1 s on every container: exec to last 'ready'", "s"),
    ("dag_boot_lxcauto_p50_wall", "variant: lxc-auto boot, max-parallel = 50: exec to exit", "s"),
    ("dag_boot_lxcauto_p50_ready", "variant: lxc-auto boot, max-parallel = 50: exec to last 'ready'", "s"),
    ("dag_boot_lxcauto_cpu", "CPU: lxc-auto boot (JVM + the lxc-* commands it ran, user+sys)", "s"),
    ("dag_boot_autostart_last_cpu", "CPU: lxc-autostart (delay on the last of each layer)", "s"),
    ("dag_boot_oracle_cpu", "CPU: oracle (python + lxc-start)", "s"),
    ("2. dag50 shutdown (busybox init, clean halt; dependents first; shipped defaults)",),
    ("dag_single_halt", "one container: lxc-stop --nokill, exec to return", "s"),
    ("dag_single_halt_span", "one container: its halt stamp to its init's exit", "s"),
    ("dag_rbound", "reverse critical-path bound: 5 x lxc-stop of one container", "s"),
    ("dag_rbound_span", "reverse critical-path bound: 5 x (halt stamp to init exit) of one container", "s"),
    ("dag_stop_lxcauto_wall", "lxc-auto shutdown: exec to exit", "s"),
    ("dag_stop_lxcauto_span", "lxc-auto shutdown: first halt stamp to last init exit", "s"),
    ("dag_stop_autostart_wall", "lxc-autostart -s -a -A -t 10: exec to exit", "s"),
    ("dag_stop_autostart_span", "lxc-autostart -s -a -A -t 10: first halt stamp to last init exit", "s"),
    ("dag_stop_lxcauto_p50_wall", "variant: lxc-auto shutdown, max-parallel = 50: exec to exit", "s"),
    ("dag_stop_lxcauto_p50_span", "variant: lxc-auto shutdown, max-parallel = 50: first halt to last init exit", "s"),
    ("dag_stop_lxcauto_cpu", "CPU: lxc-auto shutdown", "s"),
    ("dag_stop_autostart_cpu", "CPU: lxc-autostart -s", "s"),
    ("3. flat200 (200 test-init containers idling in one long sleep, no dependencies; shipped defaults)",),
    ("flat_boot_floor", "boot floor: 200 x 'lxc-start -d' in parallel from a shell loop", "s"),
    ("flat_boot_lxcauto", "lxc-auto boot", "s"),
    ("flat_boot_lxcauto_p16", "variant: lxc-auto boot, max-parallel = 16", "s"),
    ("flat_boot_lxcauto_p200", "variant: lxc-auto boot, max-parallel = 200", "s"),
    ("flat_stop_floor", "stop floor: 200 x 'lxc-stop' in parallel from a shell loop", "s"),
    ("flat_stop_lxcauto", "lxc-auto shutdown", "s"),
    ("flat_stop_lxcauto_p16", "variant: lxc-auto shutdown, max-parallel = 16", "s"),
    ("flat_stop_lxcauto_p200", "variant: lxc-auto shutdown, max-parallel = 200", "s"),
    ("4. agent overhead",),
    ("exec_first_start", "exec of 'lxc-auto boot' to first lxc-start, WITHOUT the class-data archive (source checkout's launcher)", "ms"),
    ("exec_first_start_cds", "exec of 'lxc-auto boot' to first lxc-start, WITH the class-data archive (as the Debian package installs it)", "ms"),
    ("exec_jvm_only", "for scale: exec of 'java -Xshare:auto -version' to exit", "ms"),
    ("plan_empty", "lxc-auto plan of an empty configuration (the fixed cost of a command: JVM, picocli, logback)", "s"),
    ("plan10k", "lxc-auto plan, 10,000 entries (text, to a file)", "s"),
    ("plan10k_cpu", "CPU: lxc-auto plan, 10,000 entries (user+sys, all threads)", "s"),
    ("plan10k_json", "lxc-auto plan --json, 10,000 entries", "s"),
    ("plan10k_gc_count", "lxc-auto plan, 10,000 entries: garbage collections", "count"),
    ("plan10k_gc_ms", "lxc-auto plan, 10,000 entries: time in garbage-collection pauses", "ms"),
    ("daemon_rss", "lxc-auto daemon VmRSS after the dag50 boot (class-data archive as installed)", "MiB"),
    ("daemon_anon", "lxc-auto daemon RssAnon (heap, metaspace, code, stacks, relocated archive pages)", "MiB"),
    ("daemon_file", "lxc-auto daemon RssFile (libjvm, the JDK's and lxc-auto's mapped files)", "MiB"),
    ("daemon_hwm", "lxc-auto daemon VmHWM (peak RSS) after the dag50 boot", "MiB"),
    ("daemon_threads", "lxc-auto daemon threads after the dag50 boot", "count"),
    ("daemon_classes", "lxc-auto daemon classes loaded (jstat -class)", "count"),
    ("jvm_idle_rss", "for scale: an idle JVM (Thread.sleep) with the launcher's options, VmRSS", "MiB"),
    ("jvm_idle_anon", "for scale: the idle JVM, RssAnon", "MiB"),
    ("jvm_idle_threads", "for scale: the idle JVM, threads", "count"),
    ("machine",),
    ("load1", "1-minute load average right after each measurement (2 CPUs; includes the bench's own work)", "load"),
]

UNITS = {row[0]: row[2] for row in ROWS if len(row) == 3}


def load_tsv(path):
    data = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2 and parts[1] not in ("", "nan"):
                    data.setdefault(parts[0], []).append(float(parts[1]))
    return data


def load_meta(path):
    meta = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    meta.setdefault(k, []).append(v)
    return meta


def fmt(v, unit):
    if unit in ("ms", "count"):
        return f"{v:.0f}"
    if unit == "MiB":
        return f"{v:.1f}"
    return f"{v:.2f}"


def med(data, key):
    return statistics.median(data[key]) if data.get(key) else None


# (label, value key, bound key or fixed limit, factor, kind): kind "target" gets a verdict; "variant"
# and "scale" are shown for comparison only.
TARGETS = [
    ("dag50 boot ≤ 1.1 × critical path (exec to exit)", "dag_boot_lxcauto_wall", "dag_bound", 1.1, "target"),
    ("dag50 shutdown ≤ 1.1 × reverse critical path (first halt stamp to last init exit)", "dag_stop_lxcauto_span",
     "dag_rbound_span", 1.1, "target"),
    ("dag50 shutdown ≤ 1.1 × reverse critical path (CLI exec to exit)", "dag_stop_lxcauto_wall", "dag_rbound", 1.1,
     "target"),
    ("flat200 boot ≤ 1.2 × shell loop", "flat_boot_lxcauto", "flat_boot_floor", 1.2, "target"),
    ("flat200 shutdown ≤ 1.2 × shell loop", "flat_stop_lxcauto", "flat_stop_floor", 1.2, "target"),
    ("plan of 10,000 entries ≤ 1 s", "plan10k", 1.0, None, "target"),
    ("daemon RSS ≤ 48 MiB", "daemon_rss", 48.0, None, "target"),
    ("exec to first lxc-start ≤ 200 ms, WITHOUT the class-data archive", "exec_first_start", 200.0, None, "target"),
    ("exec to first lxc-start ≤ 200 ms, WITH the class-data archive (as installed)", "exec_first_start_cds", 200.0, None,
     "target"),
    ("oracle (no agent) against the critical-path bound", "dag_boot_oracle_wall", "dag_bound", 1.1, "scale"),
    ("lxc-auto boot against 1.1 × the oracle", "dag_boot_lxcauto_wall", "dag_boot_oracle_wall", 1.1, "scale"),
    ("variant max-parallel = 50: dag50 boot", "dag_boot_lxcauto_p50_wall", "dag_bound", 1.1, "variant"),
    ("variant max-parallel = 50: dag50 shutdown, first halt to last exit", "dag_stop_lxcauto_p50_span",
     "dag_rbound_span", 1.1, "variant"),
    ("variant max-parallel = 16: flat200 boot", "flat_boot_lxcauto_p16", "flat_boot_floor", 1.2, "variant"),
    ("variant max-parallel = 16: flat200 shutdown", "flat_stop_lxcauto_p16", "flat_stop_floor", 1.2, "variant"),
    ("variant max-parallel = 200: flat200 boot", "flat_boot_lxcauto_p200", "flat_boot_floor", 1.2, "variant"),
    ("variant max-parallel = 200: flat200 shutdown", "flat_stop_lxcauto_p200", "flat_stop_floor", 1.2, "variant"),
]


def target_rows(data):
    rows = []
    for label, key, bound, factor, kind in TARGETS:
        value = med(data, key)
        if value is None:
            continue
        unit = UNITS[key]
        if isinstance(bound, str):
            base = med(data, bound)
            if base is None:
                continue
            limit = factor * base
            ratio = value / base
            how = f"{ratio:.2f} × the bound ({fmt(base, unit)} {unit})"
        else:
            limit = bound
            how = f"{value / limit:.2f} × the limit"
        verdict = ("met" if value <= limit else "**missed**") if kind == "target" else f"({kind})"
        rows.append((label, value, limit, unit, how, verdict))
    return rows


COMPARISONS = [
    ("boot, exec to every container ready (the containers' own stamps)", "dag_boot_lxcauto_ready",
     "dag_boot_autostart_last_ready", "dag_boot_autostart_all_ready"),
    ("boot, exec to exit", "dag_boot_lxcauto_wall", "dag_boot_autostart_last_wall", "dag_boot_autostart_all_wall"),
    ("shutdown, first halt stamp to last init exit", "dag_stop_lxcauto_span", "dag_stop_autostart_span", None),
    ("shutdown, exec to exit", "dag_stop_lxcauto_wall", "dag_stop_autostart_wall", None),
    ("CPU of the boot (user+sys)", "dag_boot_lxcauto_cpu", "dag_boot_autostart_last_cpu", None),
]


class Figures(dict):
    """Template namespace: every key of the run as its median; KEY_min, KEY_max, KEY_n too."""

    def __init__(self, data):
        super().__init__()
        for key, values in data.items():
            self[key] = statistics.median(values)
            self[key + "_min"] = min(values)
            self[key + "_max"] = max(values)
            self[key + "_n"] = len(values)


def render_template(text, figures, meta):
    """Replaces each {{ EXPRESSION | FORMAT }} by the expression over the run's figures."""
    import re
    names = dict(figures)
    names["meta"] = {k: v[-1] for k, v in meta.items()}

    def f(key):
        """The median with its unit: '3.67 s'."""
        return f"{fmt(figures[key], UNITS.get(key, 's'))} {UNITS.get(key, 's')}"

    def span(key):
        """The range of the runs: '3.55–3.80 s'."""
        unit = UNITS.get(key, "s")
        return f"{fmt(figures[key + '_min'], unit)}–{fmt(figures[key + '_max'], unit)} {unit}"

    def r(key, base):
        """The ratio of two medians: '1.44 ×'."""
        return f"{figures[key] / figures[base]:.2f} ×"

    def ok(key, bound, factor=1.0):
        """'met' or '**missed**': the median against factor × a bound (a key) or a fixed limit."""
        limit = factor * (figures[bound] if isinstance(bound, str) else bound)
        return "met" if figures[key] <= limit else "**missed**"

    names.update(f=f, span=span, r=r, ok=ok)
    missing = []

    def one(match):
        expression, _, spec = match.group(1).partition("|")
        try:
            value = eval(expression.strip(), {"__builtins__": {"min": min, "max": max, "abs": abs}}, names)
        except (NameError, KeyError, ZeroDivisionError, TypeError) as e:
            missing.append(f"{expression.strip()} ({e})")
            return "n/a"
        return format(value, spec.strip()) if spec.strip() else str(value)

    out = re.sub(r"\{\{(.+?)\}\}", one, text, flags=re.S)
    for m in missing:
        print(f"analyze.py: findings.in.md: no value for {m}", file=sys.stderr)
    return out


def report(tsv, meta_file):
    data = load_tsv(tsv)
    meta = load_meta(meta_file)
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

    targets = ["| target | measured (median) | limit | ratio | verdict |", "|---|---:|---:|---|---|"]
    for label, value, limit, unit, how, verdict in target_rows(data):
        targets.append(f"| {label} | {fmt(value, unit)} {unit} | {fmt(limit, unit)} {unit} | {how} | {verdict} |")

    comparison = ["| measured the same way for both | lxc-auto | lxc-autostart, delay on the last of each layer (its best case)"
                  " | lxc-autostart, delay on every container |", "|---|---:|---:|---:|"]
    for label, ours, theirs, theirs_all in COMPARISONS:
        if med(data, ours) is None or med(data, theirs) is None:
            continue
        unit = UNITS[ours]
        other = fmt(med(data, theirs_all), unit) + " " + unit if theirs_all and med(data, theirs_all) is not None else "—"
        comparison.append(f"| {label} | {fmt(med(data, ours), unit)} {unit} | {fmt(med(data, theirs), unit)} {unit} "
                          f"| {other} |")

    machine = "\n".join(f"- {k}: {v[-1]}" for k, v in meta.items() if not k.startswith("note")
                        and not k.startswith("check") and not k.startswith("jmh"))
    checks = "\n".join(f"- {v}" for v in meta.get("check", [])) or "- (none recorded)"
    notes = "\n".join(f"- {v}" for v in meta.get("note", [])) or "- none"
    jmh = "\n".join(meta.get("jmh", [])) or "(JMH not run)"

    findings = ""
    template = os.path.join(BENCH, "findings.in.md")
    if os.path.exists(template):
        with open(template) as f:
            findings = render_template(f.read(), Figures(data), meta)
        with open(os.path.join(BENCH, "findings.md"), "w") as f:
            f.write("<!-- Written by bench/run (bench/analyze.py) from bench/findings.in.md and the figures of the run"
                    " in bench/last-run.tsv: edit findings.in.md, then 'python3 bench/analyze.py report"
                    " bench/last-run.tsv bench/last-run.meta'. -->\n\n" + findings)

    raw = []
    if os.path.exists(tsv):
        with open(tsv) as f:
            raw = sorted(f.read().splitlines(), key=lambda line: line.split("\t", 1)[0])
    text = f"""# lxc-auto benchmarks

Written by `bench/run` (see bench/README.md); every figure is the median of the runs, with min–max.
Containers time their own events from /proc/uptime (10 ms resolution); the bench times commands
with CLOCK_BOOTTIME/CLOCK_MONOTONIC through `bench/clock.c`, and sees each container's init end
from the host (`bench/exits.py`, every 5 ms). Every figure is taken with the shipped configuration
(`[agent]` with nothing set) unless its row says "variant".

## Machine

{machine}

## Targets

{chr(10).join(targets)}

## lxc-auto and lxc-autostart, side by side

{chr(10).join(comparison)}

## Results

{chr(10).join(table)}

## JMH: the planner (pure, in memory; bench/jmh)

```
{jmh}
```

## Verification (from the containers' own timestamps and lxc-auto's own records)

{checks}

## Notes

{notes}

## Raw values (seconds; ms for exec_* and *_ms, MiB for *_rss, *_anon, *_file, *_hwm; load1 = 1-minute load average)

```
{chr(10).join(raw)}
```

{findings}"""
    with open(os.path.join(BENCH, "RESULTS.md"), "w") as f:
        f.write(text)
    print("\n".join(targets))
    print()
    print("\n".join(comparison))


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
