#!/usr/bin/env python3
"""Tables of where a benchmark's CPU went, from `perf script` text or a dotnet-trace speedscope file.

    python3 profile_table.py OUT_DIR/perf.txt [--ops N] [--top 25]
    python3 profile_table.py OUT_DIR/trace.speedscope.json [--ops N]

perf text (profile.sh's default): every sample is 1/999 s of one thread's CPU, so the shares are shares of the
process's CPU time. A speedscope file from dotnet-sampled-thread-time is wall time of every thread, waiting ones
included: its shares are of thread time, and waits (the leaf a wait or a sleep) are listed apart.

Each frame goes to a component: our assemblies by namespace, Orleans, System.Text.Json, sockets, the task and thread
pool machinery, the runtime's native code (GC when the standalone GC is loaded, JIT, the rest of libcoreclr), the
kernel, and the benchmark's own load generator (AIoT.Benchmarks). Tables:
  - by component: self (the sample's leaf frame), self with native leaves charged to the nearest managed caller of a
    named component ("charged"), and inclusive (the component anywhere on the stack, each sample once);
  - the top frames by self and by inclusive time; the threads; the JIT tier of the code the samples were in (perf
    only: Tier0 and Instrumented code is code the tiered JIT has not yet optimised).
--ops N (the operations the benchmark completed while sampling) adds CPU µs per operation beside each share.
"""
import argparse
import collections
import json
import re
import sys

PERF_HZ = 499

# Managed frames, by the type's full name (first match wins).
MANAGED = [
    ("AIoT.Benchmarks", "load generator (AIoT.Benchmarks)"),
    ("AIoT.Mqtt", "broker (AIoT.Mqtt)"),
    ("AIoT.Gateway", "gateway (AIoT.Gateway)"),
    ("OrleansCodeGen.AIoT", "Orleans generated code (proxies, invokers, copiers, codecs)"),
    ("AIoT.Ecosystem", "domain (AIoT.Ecosystem)"),
    ("AIoT.Storage", "storage (AIoT.Storage)"),
    ("AIoT.Host", "host, web API (AIoT.Host)"),
    ("AIoT.", "AIoT, other"),
    ("OrleansCodeGen", "Orleans generated code (proxies, invokers, copiers, codecs)"),
    ("Orleans.Serialization", "Orleans serialization and copying"),
    ("Orleans.", "Orleans runtime (messaging, scheduler, catalog)"),
    ("System.Text.Json", "System.Text.Json"),
    ("System.Net.Sockets", "sockets (managed)"),
    ("System.Net.", "System.Net, other"),
    ("Microsoft.AspNetCore", "ASP.NET Core, Kestrel"),
    ("Microsoft.Data.Sqlite", "SQLite (managed)"),
    ("SQLitePCL", "SQLite (managed)"),
    ("OpenTelemetry", "OpenTelemetry (metrics, traces)"),
    ("Microsoft.Extensions", "Microsoft.Extensions (logging, DI, options)"),
    ("System.Diagnostics", "System.Diagnostics (activities, metrics)"),
    ("System.Threading", "tasks, async, thread pool"),
    ("System.Runtime.CompilerServices", "tasks, async, thread pool"),
    ("System.Security.Cryptography", "cryptography"),
    ("System.", "BCL, other"),
    ("Interop", "BCL, other"),
    ("Microsoft.", "Microsoft, other"),
]

# Native frames, by the file their code is in.
NATIVE = [
    ("libclrgc", "GC (standalone GC)"),
    ("libclrjit", "JIT"),
    ("libcoreclr", "runtime native (libcoreclr: allocation, casts, stubs; GC unless standalone)"),
    ("libSystem.Native", "sockets, native interop (libSystem.Native)"),
    ("libSystem.Security", "cryptography"),
    ("libssl", "cryptography"),
    ("libcrypto", "cryptography"),
    ("libe_sqlite3", "SQLite (native)"),
    ("libsqlite3", "SQLite (native)"),
    ("libc.so", "libc (memcpy, locks)"),
    ("ld-linux", "libc (memcpy, locks)"),
    ("libstdc++", "libc (memcpy, locks)"),
    ("System.Private.CoreLib.dll", "CoreLib, precompiled (ReadyToRun, unnamed)"),
]

KERNEL_NET = re.compile(r"tcp|sock|skb|inet|ip_|ip6|net_|netif|loopback|__dev_|epoll|sys_send|sys_recv|sys_read|sys_write")

# Components a native leaf is charged to when "charged" (GC and JIT keep their own: process-wide costs).
NAMED = {c for _, c in MANAGED if c not in ("tasks, async, thread pool", "BCL, other", "Microsoft, other",
                                                "System.Diagnostics (activities, metrics)")}

WAITS = re.compile(r"Wait|Sleep|SpinOnce|LowLevelLifoSemaphore|epoll_wait|futex|WaitForSocketEvents|pthread_cond")

FRAME = re.compile(r"\[([A-Za-z0-9_.]+)\] ([^ ]+?)::([^(]+)\(")
SPEEDSCOPE_FRAME = re.compile(r"^([^!(]+)!(.+?)(\(.*)?$")


class Frame:
    __slots__ = ("name", "component", "managed", "wait", "tier")

    def __init__(self, name, component, managed, wait, tier=None):
        self.name = name
        self.component = component
        self.managed = managed
        self.wait = wait
        self.tier = tier


def managed_component(type_name):
    for prefix, component in MANAGED:
        if type_name.startswith(prefix):
            return component
    return "managed, other"


def perf_frame(sym, dso, cache):
    key = (sym, dso)
    frame = cache.get(key)
    if frame is not None:
        return frame
    if "kernel" in dso:
        component = "kernel: network, epoll" if KERNEL_NET.search(sym) else "kernel: scheduling, futex, other"
        frame = Frame(sym, component, False, bool(WAITS.search(sym)))
    elif dso.startswith("/tmp/perf-"):
        m = FRAME.search(sym)
        if m:
            tier = re.search(r"\[(\w+)\]$", sym)
            name = f"{m.group(2)}::{m.group(3)}" + (f" [{tier.group(1)}]" if tier else "")
            frame = Frame(name, managed_component(m.group(2)), True, bool(WAITS.search(m.group(3))), tier.group(1) if tier else None)
        else:
            frame = Frame(sym, "runtime stubs (perf map, unnamed method)", False, False)
    elif dso.endswith(".dll") and "System.Private.CoreLib" not in dso:
        # Precompiled (ReadyToRun) code of an assembly other than CoreLib: perf cannot name the method, the file
        # says whose it is.
        short = dso.rsplit("/", 1)[-1]
        frame = Frame(f"[{short}]", managed_component(short[:-4] + "."), False, False)
    else:
        component = next((c for part, c in NATIVE if part in dso), "native, other")
        short = dso.rsplit("/", 1)[-1]
        frame = Frame(f"{sym} ({short})" if sym != "[unknown]" else f"[{short}]", component, False, bool(WAITS.search(sym)))
    cache[key] = frame
    return frame


def read_perf(path, start=None, end=None, hz=PERF_HZ):
    """Samples as (thread name, [frames leaf first], weight in seconds), those between start and end seconds after the first."""
    cache = {}
    samples = []
    thread = None
    frames = []
    first = None
    keep = True
    line_re = re.compile(r"^\s*[0-9a-f]+ (.*) \((.*)\)$")
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if thread is not None and keep:
                    samples.append((thread, frames, 1.0 / hz))
                thread, frames = None, []
            elif line[0] not in " \t":
                # "comm tid time:" where comm may hold spaces (".NET TP Worker").
                head = line.rstrip().rsplit(None, 2)
                thread = head[0] if len(head) == 3 else line.strip()
                at = float(head[-1].rstrip(":")) if len(head) == 3 else 0.0
                first = at if first is None else first
                keep = (start is None or at - first >= start) and (end is None or at - first < end)
            elif not keep:
                continue
            else:
                m = line_re.match(line.rstrip("\n"))
                if m:
                    frames.append(perf_frame(m.group(1), m.group(2), cache))
    if thread is not None and keep:
        samples.append((thread, frames, 1.0 / hz))
    return samples


def read_speedscope(path):
    """dotnet-trace's samples: the leaf is CPU_TIME (the thread ran managed code) or UNMANAGED_CODE_TIME (in native
    code: waiting, or the runtime's own work), above the managed stack. CPU_TIME is dropped so that the managed frame
    is the leaf; UNMANAGED_CODE_TIME is kept as a wait (read_speedscope cannot tell a wait from native work)."""
    doc = json.load(open(path))
    frames = []
    for fr in doc["shared"]["frames"]:
        name = fr["name"]
        if name == "CPU_TIME":
            frames.append(None)
        elif name == "UNMANAGED_CODE_TIME":
            frames.append(Frame("(native code or waiting)", "native code or waiting", False, True))
        else:
            m = SPEEDSCOPE_FRAME.match(name)
            method = m.group(2) if m else name.split("(")[0]
            type_name = method.rsplit(".", 1)[0]
            frames.append(Frame(method, managed_component(type_name), True, bool(WAITS.search(method))))
    samples = []
    for profile in doc["profiles"]:
        thread = profile.get("name", "?")
        if profile["type"] == "sampled":
            for stack, weight in zip(profile["samples"], profile["weights"]):
                samples.append((thread, [frames[i] for i in reversed(stack) if frames[i] is not None], weight / 1000.0))
        else:
            stack, last = [], None
            for ev in profile["events"]:
                if last is not None and stack and ev["at"] > last:
                    samples.append((thread, [frames[i] for i in reversed(stack) if frames[i] is not None], (ev["at"] - last) / 1000.0))
                last = ev["at"]
                if ev["type"] == "O":
                    stack.append(ev["frame"])
                elif stack:
                    stack.pop()
    return samples


def thread_group(name):
    name = re.sub(r"[ _-]?\d+$", "", name)
    return name


def table(title, rows, total, ops, top=None):
    print(f"\n{title}")
    print(f"| {'':<72} | share | seconds |" + (" µs/op |" if ops else ""))
    print(f"|{'-' * 74}|------:|--------:|" + ("------:|" if ops else ""))
    items = sorted(rows.items(), key=lambda kv: -kv[1])
    for key, w in items[:top] if top else items:
        line = f"| {key[:72]:<72} | {100 * w / total:4.1f} % | {w:7.2f} |"
        if ops:
            line += f" {w * 1e6 / ops:5.2f} |"
        print(line)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("--ops", type=float, default=0, help="operations completed while sampling (adds µs per op)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--hz", type=float, default=PERF_HZ, help=f"perf's sampling frequency (profile.sh: {PERF_HZ})")
    ap.add_argument("--from", dest="start", type=float, help="perf: only samples this many seconds after the first or later")
    ap.add_argument("--to", dest="end", type=float, help="perf: only samples before this many seconds after the first")
    ap.add_argument("--match", action="append", default=[], metavar="REGEX",
                    help="also print the inclusive share of samples with a frame matching REGEX (repeatable)")
    args = ap.parse_args()
    samples = read_speedscope(args.input) if args.input.endswith(".json") else read_perf(args.input, args.start, args.end, args.hz)
    if not samples:
        sys.exit("no samples")
    wall_time = args.input.endswith(".json")
    if wall_time:
        waiting = [s for s in samples if s[1] and s[1][0].wait]
        print(f"thread time {sum(w for _, _, w in samples):.2f} s, of it waiting or in native code (leaf a wait, a sleep or native) "
              f"{sum(w for _, _, w in waiting):.2f} s; the tables count the rest")
        samples = [s for s in samples if not (s[1] and s[1][0].wait)]
    total = sum(w for _, _, w in samples)
    print(f"{len(samples):,} samples, {total:.2f} s of {'thread' if wall_time else 'CPU'} time"
          + (f", {args.ops:,.0f} operations: {total * 1e6 / args.ops:.1f} µs per operation" if args.ops else ""))

    self_c = collections.Counter()
    charged = collections.Counter()
    incl_c = collections.Counter()
    self_f = collections.Counter()
    incl_f = collections.Counter()
    threads = collections.Counter()
    tiers = collections.Counter()
    for thread, frames, w in samples:
        threads[thread_group(thread)] += w
        if not frames:
            self_c["(no frames)"] += w
            continue
        leaf = frames[0]
        self_c[leaf.component] += w
        self_f[leaf.name] += w
        if leaf.managed:
            tiers[leaf.tier or "(no tier in the name)"] += w
        owner = leaf.component
        if not leaf.managed and not owner.startswith(("GC", "JIT")):
            owner = next((f.component for f in frames if f.component in NAMED), leaf.component)
        charged[owner] += w
        for c in {f.component for f in frames}:
            incl_c[c] += w
        for name in {f.name for f in frames if f.managed}:
            incl_f[name] += w

    comps = set(self_c) | set(incl_c)
    print("\nBy component")
    header = "| component | self | charged | inclusive |" + (" self µs/op | charged µs/op |" if args.ops else "")
    print(header)
    print("|---|---:|---:|---:|" + ("---:|---:|" if args.ops else ""))
    for c in sorted(comps, key=lambda c: -charged.get(c, 0) - self_c.get(c, 0) / 1000):
        line = f"| {c} | {100 * self_c[c] / total:.1f} % | {100 * charged[c] / total:.1f} % | {100 * incl_c[c] / total:.1f} % |"
        if args.ops:
            line += f" {self_c[c] * 1e6 / args.ops:.2f} | {charged[c] * 1e6 / args.ops:.2f} |"
        print(line)

    if args.match:
        print("\nSamples with a frame matching")
        print("| pattern | inclusive |" + (" µs/op |" if args.ops else ""))
        print("|---|---:|" + ("---:|" if args.ops else ""))
        for pattern in args.match:
            rx = re.compile(pattern)
            w = sum(w for _, frames, w in samples if any(rx.search(f.name) for f in frames))
            print(f"| `{pattern}` | {100 * w / total:.1f} % |" + (f" {w * 1e6 / args.ops:.2f} |" if args.ops else ""))

    table("Top frames by self time", self_f, total, args.ops, args.top)
    table("Top managed frames by inclusive time", incl_f, total, args.ops, args.top)
    table("Threads", threads, total, args.ops)
    if tiers:
        table("JIT tier of the leaf frame, where it is managed code (perf map names; OptimizedTier1 is the steady state)", tiers, total, args.ops)


if __name__ == "__main__":
    main()
