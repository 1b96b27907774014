#!/usr/bin/python3
"""Benchmark (issue 3): static replay + lint of a PostgreSQL migration history, in one run:

  a. `schema lint DIR --tool sql --dialect postgres --format json` against applying the same
     files to a real PostgreSQL 15 on a fresh database of a throwaway server this script starts
     (initdb + pg_ctl in a temporary folder, Unix socket only, run as the `postgres` OS user when
     we are root; stopped and removed at the end):
       - one psql session for the whole history:
           psql -X -q -v ON_ERROR_STOP=1 -d DB -f 0001_....sql -f 0002_....sql ...
         (the fair variant: one connection, as a migration runner holds it; headline ratio)
       - one psql per file, as the plain-SQL runner in docs/formats/sql.md does:
           for f in DIR/*.sql; do psql -X -q -v ON_ERROR_STOP=1 -d DB -f "$f"; done
     CREATE DATABASE before each run is not timed. The server runs with fsync=off,
     synchronous_commit=off and full_page_writes=off (a CI throwaway database, its fastest
     setting) unless --durable is given.
  b. `schema lint` against squawk (tests/peers: squawk-cli from npm, its native binary run
     directly, `--reporter json --pg-version 15`), on the same files, and the overlap of their
     findings per (file, statement, rule) after mapping squawk's rule names to schema codes.

The history comes from tests/bench/gen_pg_history.py (--migrations 1000 --tables 500 by default).
The script fails if PostgreSQL rejects a file; it exits 1 (after printing everything) if schema
reports SCH401/SCH402/SCH403 on the history, which applies cleanly: those are replay bugs.

Usage: tests/bench/pg_replay_bench.py [--schema build/release/cli/schema] [--runs 11]
       [--pg-runs 5] [--per-file-runs 1] [--migrations 1000 --tables 500 --seed 1]
Targets (issue 3): schema at least 20x faster than applying to PostgreSQL; faster than squawk.
"""
import argparse
import json
import os
import platform
import resource
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True      # no __pycache__ left in the tree
from benchlib import cpu_model, git_rev, log  # noqa: E402
from pgserver import PgServer, find_bindir  # noqa: E402

# squawk rule -> schema code. A squawk rule missing here has no schema counterpart.
SQUAWK_TO_SCHEMA = {
    "require-concurrent-index-creation": "SCH501",
    "require-concurrent-index-deletion": "SCH501",
    "ban-concurrent-index-creation-in-transaction": "SCH502",
    "constraint-missing-not-valid": "SCH503",
    "adding-foreign-key-constraint": "SCH503",
    "adding-field-with-default": "SCH504",
    "changing-column-type": "SCH505",
    "require-lock-timeout": "SCH506",
    "require-timeout-settings": "SCH506",
    "adding-required-field": "SCH301",
    "adding-not-nullable-field": "SCH303",
    "disallowed-unique-constraint": "SCH302",
    "prefer-robust-stmts": "SCH405",
    "renaming-column": "SCH202",
    "renaming-table": "SCH201",
    "ban-drop-column": "SCH102",
    "ban-drop-table": "SCH101",
    "ban-drop-database": None,
    "ban-truncate-cascade": "SCH104",
}
# schema codes that squawk has a rule for (the rows of the overlap table).
MAPPED_CODES = sorted({c for c in SQUAWK_TO_SCHEMA.values() if c})
# Compared per file, not per statement: SCH506 reports the first locking statement of a file
# that sets no lock_timeout, squawk's require-lock-timeout every such statement.
FILE_LEVEL = {"SCH506"}


# ----------------------------------------------------------------------------------------------
# Throwaway PostgreSQL server

class Server(PgServer):
    def __init__(self, bindir, durable):
        # The port only names the socket file in our own folder (no TCP).
        super().__init__(bindir, "sse-pgbench-", 5432)
        self.durable = durable

    def start(self):
        t0 = time.perf_counter()
        self._run([os.path.join(self.bindir, "initdb"), "-D", self.data, "-A", "trust",
                   "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"])
        t1 = time.perf_counter()
        opts = "-k %s -c listen_addresses='' -p %d" % (self.tmp, self.port)
        if not self.durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-o", opts,
                   "-l", os.path.join(self.tmp, "server.log"), "-w", "start"])
        self.started = True
        t2 = time.perf_counter()
        return t1 - t0, t2 - t1

    def psql(self, db, *args):
        return ["psql", "-X", "-q", "-h", self.tmp, "-p", str(self.port), "-U", "postgres",
                "-d", db] + list(args)

    def sql(self, db, sql):
        p = subprocess.run(self.psql(db, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql),
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("psql -c %r failed: %s" % (sql, p.stderr))
        return p.stdout.strip()


# ----------------------------------------------------------------------------------------------
# Timing

def run_timed(cmd, ok):
    """(wall seconds, CPU seconds of the child (user + system), CompletedProcess)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode not in ok:
        sys.exit("%s exited with %d:\n%s" % (cmd[0], out.returncode, out.stderr[-3000:]))
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), out


def time_interleaved(cmds, runs, warmup=2, ok=(0, 1)):
    """Runs the commands in turn (a, b, a, b ...) so that load changes hit all of them alike.
    Returns per command: (wall times, CPU times, last CompletedProcess)."""
    res = [([], [], None) for _ in cmds]
    for i in range(warmup + runs):
        for k, cmd in enumerate(cmds):
            wall, cpu, out = run_timed(cmd, ok)
            walls, cpus, _ = res[k]
            if i >= warmup:
                walls.append(wall)
                cpus.append(cpu)
            res[k] = (walls, cpus, out)
    return res


def time_pg(server, files, runs, per_file, warmup=1, between=None):
    """Wall times of applying every file to a fresh database, one session or one psql each;
    with `between`, the wall times of that command run once after each timed apply (schema,
    so that both see the same load)."""
    times = []
    other = []
    for i in range(warmup + runs):
        db = "bench_%s_%d" % ("pf" if per_file else "one", i)
        server.sql("postgres", "CREATE DATABASE %s" % db)
        t0 = time.perf_counter()
        if per_file:
            for f in files:
                p = subprocess.run(server.psql(db, "-v", "ON_ERROR_STOP=1", "-f", f),
                                   capture_output=True, text=True)
                if p.returncode != 0:
                    sys.exit("PostgreSQL rejected %s:\n%s" % (f, p.stderr))
        else:
            args = []
            for f in files:
                args += ["-f", f]
            p = subprocess.run(server.psql(db, "-v", "ON_ERROR_STOP=1", *args),
                               capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit("PostgreSQL rejected the history:\n%s" % p.stderr)
        dt = time.perf_counter() - t0
        if i >= warmup:
            times.append(dt)
            if between:
                other.append(min(run_timed(between, (0, 1))[0] for _ in range(3)))
        if i == 0:
            counts = server.sql(db, "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                                "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND "
                                "c.relkind = 'r') || ' ' || (SELECT count(*) FROM pg_indexes "
                                "WHERE schemaname = 'public')")
        server.sql("postgres", "DROP DATABASE %s" % db)
    return times, other, counts


def med(ts):
    return statistics.median(ts)


def fmt_s(t):
    return "%.3f s" % t if t < 10 else "%.1f s" % t


# ----------------------------------------------------------------------------------------------
# Findings and their overlap

def statement_lines(path):
    """[(first line, last line)] of each statement (1-based), split lexically on ';'."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    spans = []
    line = 1
    start = None
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "-" and text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif ch == "'":
            j = i + 1
            while j < n:
                if text[j] == "'" and not text.startswith("''", j):
                    break
                if text.startswith("''", j):
                    j += 1
                j += 1
            line += text.count("\n", i, j)
            if start is None:
                start = line
            i = j + 1
            continue
        elif not ch.isspace():
            if start is None:
                start = line
            if ch == ";":
                spans.append((start, line))
                start = None
        i += 1
    if start is not None:
        spans.append((start, line))
    return spans


def stmt_index(spans, line):
    if line is None:
        return None
    for k, (a, b) in enumerate(spans):
        if a <= line <= b:
            return k
    for k, (a, b) in enumerate(spans):     # a line between statements: the next one
        if line < a:
            return k
    return len(spans) - 1 if spans else None


def overlap(schema_report, squawk_report, files):
    spans = {os.path.basename(f): statement_lines(f) for f in files}
    schema_keys = {}            # code -> set of (file, stmt)
    schema_other = {}
    for f in schema_report["findings"]:
        base = os.path.basename(f.get("path") or "")
        code = f["code"]
        if base not in spans:
            schema_other[code] = schema_other.get(code, 0) + 1
            continue
        key = (base, None if code in FILE_LEVEL else stmt_index(spans[base], f.get("line")))
        if code in MAPPED_CODES:
            schema_keys.setdefault(code, set()).add(key)
        else:
            schema_other[code] = schema_other.get(code, 0) + 1
    squawk_keys = {}
    squawk_unmapped = {}
    squawk_rules_for = {}
    for v in squawk_report:
        rule = v["rule_name"]
        base = os.path.basename(v["file"])
        code = SQUAWK_TO_SCHEMA.get(rule)
        if code is None:
            squawk_unmapped[rule] = squawk_unmapped.get(rule, 0) + 1
            continue
        # squawk's lines are 0-based.
        key = (base, None if code in FILE_LEVEL else
               stmt_index(spans.get(base, []), v["line"] + 1))
        squawk_keys.setdefault(code, set()).add(key)
        squawk_rules_for.setdefault(code, set()).add(rule)
    rows = []
    for code in MAPPED_CODES:
        a = schema_keys.get(code, set())
        b = squawk_keys.get(code, set())
        if not a and not b:
            continue
        rules = sorted(squawk_rules_for.get(code, set())) or sorted(
            r for r, c in SQUAWK_TO_SCHEMA.items() if c == code)
        rows.append((code, ", ".join(rules), len(a & b), len(b - a), len(a - b),
                     sorted(b - a)[:3], sorted(a - b)[:3]))
    return rows, squawk_unmapped, schema_other


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schema", default=os.path.join(ROOT, "build/release/cli/schema"))
    ap.add_argument("--squawk", default=None, help="squawk binary (default: the native binary "
                    "of tests/peers/node_modules/squawk-cli)")
    ap.add_argument("--migrations", type=int, default=1000)
    ap.add_argument("--tables", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=11, help="timed runs of schema and squawk")
    ap.add_argument("--pg-runs", type=int, default=5, help="timed runs of one psql session")
    ap.add_argument("--per-file-runs", type=int, default=1, help="timed runs of one psql per "
                    "file (slow: ~0.1 s of process and connection start per file; 0 skips)")
    ap.add_argument("--durable", action="store_true", help="server with fsync and "
                    "synchronous_commit on (the defaults) instead of a throwaway setting")
    ap.add_argument("--keep", metavar="DIR", help="write the history to DIR and keep it")
    ap.add_argument("--details", action="store_true", help="examples of one-sided findings")
    args = ap.parse_args()

    schema = os.path.abspath(args.schema)
    if not os.access(schema, os.X_OK):
        sys.exit("no schema binary at %s (build it first)" % schema)
    squawk = args.squawk
    if squawk is None:
        squawk = os.path.join(ROOT, "tests/peers/node_modules/@squawk-cli/linux-x64/bin/squawk")
        if not os.access(squawk, os.X_OK):
            squawk = os.path.join(ROOT, "tests/peers/node_modules/.bin/squawk")
    if not os.access(squawk, os.X_OK):
        sys.exit("no squawk at %s: run .ci/setup --peers" % squawk)
    bindir = find_bindir()

    tmp = tempfile.mkdtemp(prefix="sse-pgbench-hist-")
    hist = os.path.abspath(args.keep) if args.keep else os.path.join(tmp, "migrations")
    server = Server(bindir, args.durable)
    exit_code = 0
    try:
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "gen_pg_history.py"),
                        "--migrations", str(args.migrations), "--tables", str(args.tables),
                        "--seed", str(args.seed), "--out", hist], check=True,
                       stdout=subprocess.DEVNULL)
        files = sorted(os.path.join(hist, f) for f in os.listdir(hist) if f.endswith(".sql"))
        n_stmts = sum(len(statement_lines(f)) for f in files)
        load0 = os.getloadavg()

        log("schema lint and squawk, interleaved ...")
        schema_cmd = [schema, "lint", hist, "--tool", "sql", "--dialect", "postgres",
                      "--format", "json"]
        squawk_cmd = [squawk, "--reporter", "json", "--pg-version", "15.0"] + files
        (t_schema, c_schema, p), (t_squawk, c_squawk, q) = time_interleaved(
            [schema_cmd, squawk_cmd], args.runs)
        report = json.loads(p.stdout)
        codes = {}
        for f in report["findings"]:
            codes[f["code"]] = codes.get(f["code"], 0) + 1
        migrations = report["sets"][0]["migrations"] if report["sets"] else 0
        sq = json.loads(q.stdout) if q.stdout.strip() else []
        rules = {}
        for v in sq:
            rules[v["rule_name"]] = rules.get(v["rule_name"], 0) + 1
        version = subprocess.run([squawk, "--version"], capture_output=True,
                                 text=True).stdout.strip()

        log("PostgreSQL: initdb and start ...")
        t_initdb, t_start = server.start()
        pg_version = server.sql("postgres", "SHOW server_version")
        log("PostgreSQL: %d timed runs, one session ..." % args.pg_runs)
        t_pg, s_pg, counts = time_pg(server, files, args.pg_runs, per_file=False,
                                     between=schema_cmd)
        t_pf, s_pf = [], []
        if args.per_file_runs > 0:
            log("PostgreSQL: %d timed runs, one psql per file ..." % args.per_file_runs)
            t_pf, s_pf, _ = time_pg(server, files, args.per_file_runs, per_file=True, warmup=0,
                                    between=schema_cmd)
        load1 = os.getloadavg()
    finally:
        server.stop()

    # -- report ------------------------------------------------------------------------------
    cpu = cpu_model()
    rev = git_rev(ROOT)
    print("machine: %d CPUs (%s), %s, load average %.1f at start, %.1f at end" % (
        os.cpu_count(), cpu, platform.platform(), load0[0], load1[0]))
    print("schema %s (git %s); %s; PostgreSQL %s (%s; initdb %.1f s, start %.1f s, not timed)" % (
        schema, rev, version, pg_version,
        "durable defaults" if args.durable else "fsync=off, synchronous_commit=off, "
        "full_page_writes=off", t_initdb, t_start))
    print("history: %d files, %d statements, --tables %d --seed %d; after it: %s tables, %s "
          "indexes" % (len(files), n_stmts, args.tables, args.seed, *counts.split()))
    print()
    ms = med(t_schema)
    def faster(other, mine):
        r = other / mine
        return ("%.1fx faster" % r) if r >= 1 else ("%.1fx slower" % (1 / r))
    print("| what | runs | median wall | min | max | schema is (wall) | median CPU | schema is (CPU) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print("| `schema lint --tool sql --dialect postgres --format json` | %d | %s | %s | %s | - | %s "
          "| - |" % (len(t_schema), fmt_s(ms), fmt_s(min(t_schema)), fmt_s(max(t_schema)),
                     fmt_s(med(c_schema))))
    print("| psql, one session, all files | %d | %s | %s | %s | %.0fx faster | - | - |" % (
        len(t_pg), fmt_s(med(t_pg)), fmt_s(min(t_pg)), fmt_s(max(t_pg)), med(t_pg) / med(s_pg)))
    if t_pf:
        print("| psql, one process per file | %d | %s | %s | %s | %.0fx faster | - | - |" % (
            len(t_pf), fmt_s(med(t_pf)), fmt_s(min(t_pf)), fmt_s(max(t_pf)), med(t_pf) / med(s_pf)))
    print("| `squawk --reporter json --pg-version 15.0 FILES` | %d | %s | %s | %s | %s | %s | %s |" % (
        len(t_squawk), fmt_s(med(t_squawk)), fmt_s(min(t_squawk)), fmt_s(max(t_squawk)),
        faster(med(t_squawk), ms), fmt_s(med(c_squawk)), faster(med(c_squawk), med(c_schema))))
    print()
    print("psql ratios against schema runs made right after each psql run (best of 3 each): "
          "median %s with the session runs%s; the squawk ratio against schema runs interleaved "
          "with squawk's." % (fmt_s(med(s_pg)), (", %s with the per-file run" % fmt_s(med(s_pf)))
                              if s_pf else ""))
    print()
    print("schema: %d migrations, findings by code: %s" % (
        migrations, ", ".join("%s %d" % (c, codes[c]) for c in sorted(codes)) or "none"))
    print("squawk: findings by rule: %s" % ", ".join(
        "%s %d" % (k, rules[k]) for k in sorted(rules, key=lambda k: (-rules[k], k))))
    print()
    rows, unmapped, other = overlap(report, sq, files)
    print("| schema | squawk | both | only squawk | only schema |")
    print("|---|---|---:|---:|---:|")
    for code, rl, both, only_sq, only_sc, ex_sq, ex_sc in rows:
        print("| %s | %s | %d | %d | %d |" % (code, rl, both, only_sq, only_sc))
    for rule in sorted(unmapped, key=lambda k: (-unmapped[k], k)):
        print("| - | %s | - | %d | - |" % (rule, unmapped[rule]))
    for code in sorted(other):
        print("| %s | - | - | - | %d |" % (code, other[code]))
    print()
    print("(keys are (file, statement, schema code), (file, SCH506) for SCH506; several squawk "
          "rules mapped to one code on one statement count once; unmapped rules and codes count "
          "findings)")
    if args.details:
        for code, rl, both, only_sq, only_sc, ex_sq, ex_sc in rows:
            for kind, ex in (("only squawk", ex_sq), ("only schema", ex_sc)):
                for base, k in ex:
                    a, b = statement_lines(os.path.join(hist, base))[k or 0]
                    with open(os.path.join(hist, base)) as f:
                        text = "".join(f.readlines()[a - 1:b])
                    print("%s %s %s:%d: %s" % (code, kind, base, a, " ".join(text.split())[:160]))

    bad = [f for f in report["findings"] if f["code"] in ("SCH401", "SCH402", "SCH403")]
    if bad:
        exit_code = 1
        print()
        print("REPLAY BUGS: %d SCH401/SCH402/SCH403 findings on a history PostgreSQL applies "
              "cleanly:" % len(bad))
        for f in bad[:40]:
            base = os.path.basename(f["path"])
            spans = statement_lines(os.path.join(hist, base))
            k = stmt_index(spans, f.get("line"))
            text = ""
            if k is not None:
                with open(os.path.join(hist, base)) as fh:
                    text = " ".join("".join(fh.readlines()[spans[k][0] - 1:spans[k][1]]).split())
            print("  %s:%s: %s %s\n    %s" % (base, f.get("line"), f["code"], f["message"],
                                              text[:300]))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(exit_code)


if __name__ == "__main__":
    main()
