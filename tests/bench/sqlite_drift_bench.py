#!/usr/bin/python3
"""Benchmark (issue 4): `schema snapshot` and `schema drift` on an SQLite database against
`sqlite3 FILE .schema`, in one run.

Method:
  1. Generates a migration history of plain SQL files (--files files of --per-file tables each,
     2,000 tables by default: MIGRATIONS/0001_tables_0001_0010.sql ...) of SQLite DDL with
     varied columns (INTEGER PRIMARY KEY, TEXT NOT NULL, constant and CURRENT_TIMESTAMP defaults,
     REAL, BLOB, NUMERIC, inline and table-level UNIQUE, named and unnamed CHECK, composite
     keys, foreign keys to earlier tables with every ON DELETE action), plain / unique /
     multicolumn / partial / expression indexes, views and triggers. The generator is
     deterministic (--seed).
  2. Builds the database FILE by executing those same files in order with Python's sqlite3
     module (one transaction per file, as a runner does), so the migrations are exactly the
     expected schema of the database: `schema drift` must report no drift (exit 0), the script
     fails otherwise and prints drift's output.
  3. Times, with stdout to /dev/null and the page cache warm:
       a. sqlite3 FILE .schema                                   (the sqlite3 CLI)
       b. schema snapshot sqlite:FILE                            (introspection + JSON snapshot)
       f. schema drift --db sqlite:FILE --expected expected.json (against a snapshot of the
          migrations written once beforehand: introspection + snapshot reading + comparison)
       e. sqlite3 :memory: < all migration files concatenated     (bare execution of the DDL by
          the sqlite3 CLI: the floor of any replay by execution; not part of the target)
     interleaved (a, b, e, a, b, e, ...) so that load changes hit all alike, --warmup untimed
     runs each first, medians of --runs runs; then
       c. schema drift --db sqlite:FILE --expected MIGRATIONS --format json
          (replays the migrations by executing them in an in-memory SQLite, introspects that and
          the file, compares)
       d. schema snapshot MIGRATIONS                             (the replay alone, no file: where
          drift's time goes; not part of the target)
     interleaved, --slow-runs runs each, without untimed warm-up (each takes minutes at 2,000
     tables with the replay of 2026-11-21; the files were just written and read, the cache is
     warm). The first drift run is the correctness check: it must exit 0 (no drift; the script
     fails otherwise and prints drift's output); it runs with SSE_TIMING=1 and its phase timings
     are printed. The first `schema snapshot MIGRATIONS` output is compared byte for byte with
     `schema snapshot sqlite:FILE` (reported, not required).
  4. Prints a table with medians, min/max, CPU time and the ratios b/a and c/a.

Usage: tests/bench/sqlite_drift_bench.py [--schema build/release/cli/schema] [--runs 11]
       [--slow-runs 3] [--files 200 --per-file 10 --seed 1] [--keep DIR]
Target (issue 4): snapshot and drift within 3x of `sqlite3 FILE .schema`. Drift is measured
against a snapshot of the migrations (f), the form a CI job keeps for a big schema; drift that
replays the migrations itself (c) is reported beside it, with the bare execution of the same DDL
by sqlite3 (e), which alone is some 30x `.schema` and bounds any replay by execution.
"""
import argparse
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True      # no __pycache__ left in the tree
from benchlib import cpu_model, log  # noqa: E402

ON_DELETE = ["CASCADE", "SET NULL", "RESTRICT", "NO ACTION", "SET DEFAULT"]
WORDS = ["user", "order", "item", "invoice", "payment", "account", "session", "event", "tag",
         "note", "file", "team", "project", "task", "comment", "review", "price", "stock"]


# ----------------------------------------------------------------------------------------------
# Generator

class Gen:
    def __init__(self, seed):
        self.rnd = random.Random(seed)
        self.tables = []          # (name, [column names])
        self.n_index = 0
        self.n_view = 0
        self.n_trigger = 0
        self.n_fk = 0

    def table(self, i):
        r = self.rnd
        name = "t%04d_%s" % (i, WORDS[i % len(WORDS)])
        cols = []
        defs = []
        extra = []                # table-level constraints
        kind = i % 10
        if kind == 7:             # composite key, WITHOUT ROWID sometimes
            defs.append("a_id INTEGER NOT NULL")
            defs.append("b_id INTEGER NOT NULL")
            cols += ["a_id", "b_id"]
            extra.append("PRIMARY KEY (a_id, b_id)")
        elif kind == 3:
            defs.append("id INTEGER PRIMARY KEY AUTOINCREMENT")
            cols.append("id")
        else:
            defs.append("id INTEGER PRIMARY KEY")
            cols.append("id")
        defs.append("name TEXT NOT NULL")
        cols.append("name")
        if r.random() < 0.6:
            defs.append("status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', "
                        "'closed'))")
            cols.append("status")
        if r.random() < 0.5:
            defs.append("created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP")
            cols.append("created_at")
        if r.random() < 0.5:
            defs.append("score REAL DEFAULT 0.0")
            cols.append("score")
            if r.random() < 0.5:
                extra.append("CONSTRAINT %s_score_ck CHECK (score >= 0)" % name)
        if r.random() < 0.3:
            defs.append("payload BLOB")
            cols.append("payload")
        if r.random() < 0.3:
            defs.append("amount NUMERIC(12, 2) NOT NULL DEFAULT 0")
            cols.append("amount")
        if r.random() < 0.35:
            defs.append("code TEXT UNIQUE")
            cols.append("code")
        if r.random() < 0.3:
            defs.append("email VARCHAR(255) COLLATE NOCASE")
            cols.append("email")
        if r.random() < 0.4:
            defs.append("deleted_at TEXT")
            cols.append("deleted_at")
        if r.random() < 0.25:
            defs.append("counter INTEGER NOT NULL DEFAULT (0)")
            cols.append("counter")
        # foreign keys to earlier tables that have an `id`
        targets = [t for t in self.tables[-200:] if "id" in t[1]]
        if targets:
            for k in range(r.choice([0, 1, 1, 2])):
                tgt = r.choice(targets)[0]
                act = r.choice(ON_DELETE)
                col = "%s_id%s" % (tgt.split("_", 1)[1], "" if k == 0 else str(k))
                if col in cols:
                    continue
                cols.append(col)
                self.n_fk += 1
                if act == "SET DEFAULT":
                    defs.append("%s INTEGER DEFAULT 0" % col)
                else:
                    defs.append("%s INTEGER%s" % (col, " NOT NULL" if act == "CASCADE" else ""))
                if r.random() < 0.5:
                    # inline
                    defs[-1] += " REFERENCES %s(id) ON DELETE %s" % (tgt, act)
                else:
                    extra.append("CONSTRAINT %s_%s_fk FOREIGN KEY (%s) REFERENCES %s (id) "
                                 "ON DELETE %s ON UPDATE CASCADE" % (name, col, col, tgt, act))
        if "code" not in cols and r.random() < 0.3:
            extra.append("UNIQUE (name, %s)" % cols[0])
        if r.random() < 0.2:
            extra.append("CHECK (length(name) > 0)")
        suffix = " WITHOUT ROWID" if kind == 7 and i % 20 == 7 else ""
        body = ",\n  ".join(defs + extra)
        stmts = ["CREATE TABLE %s (\n  %s\n)%s;" % (name, body, suffix)]
        # indexes
        k = 0
        def ix(sql):
            nonlocal k
            k += 1
            self.n_index += 1
            stmts.append(sql)
        ix("CREATE INDEX %s_name_idx ON %s (name);" % (name, name))
        if "created_at" in cols and r.random() < 0.5:
            ix("CREATE INDEX %s_created_idx ON %s (created_at DESC, name);" % (name, name))
        if "deleted_at" in cols and r.random() < 0.6:
            ix("CREATE INDEX %s_live_idx ON %s (name) WHERE deleted_at IS NULL;" % (name, name))
        if "email" in cols and r.random() < 0.6:
            ix("CREATE UNIQUE INDEX %s_email_uq ON %s (lower(email));" % (name, name))
        elif r.random() < 0.15:
            ix("CREATE INDEX %s_lname_idx ON %s (lower(name), length(name));" % (name, name))
        for c in cols:
            if c.endswith("_id") and c not in ("id", "a_id", "b_id") and r.random() < 0.6:
                ix("CREATE INDEX IF NOT EXISTS %s_%s_idx ON %s (%s);" % (name, c, name, c))
        if "status" in cols and r.random() < 0.2:
            ix("CREATE UNIQUE INDEX %s_status_uq ON %s (name, status) WHERE status <> 'closed';"
               % (name, name))
        # views and triggers
        if i % 40 == 5:
            self.n_view += 1
            stmts.append("CREATE VIEW %s_v AS\n  SELECT %s, name FROM %s WHERE name <> '';"
                         % (name, cols[0], name))
        if i % 100 == 9 and "id" in cols:
            self.n_trigger += 1
            stmts.append("CREATE TRIGGER %s_touch AFTER UPDATE OF name ON %s\nBEGIN\n"
                         "  UPDATE %s SET name = NEW.name WHERE id = NEW.id AND name <> NEW.name;"
                         "\nEND;" % (name, name, name))
        if i % 100 == 59:
            self.n_trigger += 1
            stmts.append("CREATE TRIGGER %s_no_empty BEFORE INSERT ON %s\n"
                         "WHEN NEW.name = ''\nBEGIN\n  SELECT RAISE(ABORT, 'empty name');\nEND;"
                         % (name, name))
        self.tables.append((name, cols))
        return "\n".join(stmts)


def generate(mig, files, per_file, seed):
    os.makedirs(mig)
    g = Gen(seed)
    paths = []
    i = 1
    for f in range(1, files + 1):
        first = i
        parts = ["-- migration %d: tables %d-%d" % (f, first, first + per_file - 1)]
        for _ in range(per_file):
            parts.append(g.table(i))
            i += 1
        p = os.path.join(mig, "%04d_tables_%04d_%04d.sql" % (f, first, i - 1))
        with open(p, "w") as fh:
            fh.write("\n\n".join(parts) + "\n")
        paths.append(p)
    return paths, g


def build_db(db, paths):
    con = sqlite3.connect(db, isolation_level=None)
    for p in paths:
        with open(p) as fh:
            con.executescript("BEGIN;\n" + fh.read() + "\nCOMMIT;")
    con.close()


# ----------------------------------------------------------------------------------------------
# Timing

def run_timed(cmd, stdin=None, env=None, capture=False, ok=(0,)):
    """(wall seconds, CPU seconds of the child (user + system), CompletedProcess)."""
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdin=fin, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                       stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if stdin:
        fin.close()
    if p.returncode not in ok:
        sys.exit("%s exited with %d:\n%s" % (" ".join(cmd), p.returncode,
                                              p.stderr.decode(errors="replace")[-3000:]))
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), p


def med(ts):
    return statistics.median(ts)


def fmt_ms(t):
    return "%.1f ms" % (t * 1000)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--schema", default=os.path.join(ROOT, "build/release/cli/schema"))
    ap.add_argument("--sqlite3", default=shutil.which("sqlite3") or "/usr/bin/sqlite3",
                    help="the sqlite3 CLI")
    ap.add_argument("--files", type=int, default=200, help="migration files")
    ap.add_argument("--per-file", type=int, default=10, help="tables per migration file")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=11, help="timed runs of each command")
    ap.add_argument("--warmup", type=int, default=2, help="untimed runs of each command first")
    ap.add_argument("--slow-runs", type=int, default=3, help="timed runs of the commands that "
                    "replay the migrations (c, d): they take minutes at 2,000 tables")
    ap.add_argument("--keep", metavar="DIR", help="write the database and migrations to DIR "
                    "(must not exist) and keep them")
    args = ap.parse_args()

    schema = os.path.abspath(args.schema)
    if not os.access(schema, os.X_OK):
        sys.exit("no schema binary at %s (build it first)" % schema)
    if not os.access(args.sqlite3, os.X_OK):
        sys.exit("no sqlite3 CLI at %s (apt-get install sqlite3)" % args.sqlite3)

    if args.keep:
        root = os.path.abspath(args.keep)
        os.makedirs(root)
    else:
        root = tempfile.mkdtemp(prefix="sse-sqlitebench-")
    try:
        mig = os.path.join(root, "migrations")
        db = os.path.join(root, "app.db")
        log("generating %d files x %d tables ..." % (args.files, args.per_file))
        paths, g = generate(mig, args.files, args.per_file, args.seed)
        t0 = time.perf_counter()
        build_db(db, paths)
        t_build = time.perf_counter() - t0
        allsql = os.path.join(root, "all.sql")
        with open(allsql, "w") as out:
            for p in paths:
                with open(p) as fh:
                    out.write(fh.read())
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        counts = dict(con.execute("SELECT type, count(*) FROM sqlite_schema GROUP BY type"))
        n_fk = con.execute("SELECT count(*) FROM sqlite_schema s, pragma_foreign_key_list(s.name)"
                           " WHERE s.type = 'table'").fetchone()[0]
        con.close()

        drift_cmd = [schema, "drift", "--db", "sqlite:" + db, "--expected", mig,
                     "--format", "json"]
        snap_db_cmd = [schema, "snapshot", "sqlite:" + db]
        snap_mig_cmd = [schema, "snapshot", mig]
        # f: drift against a committed snapshot of the expected schema (`schema snapshot DIR -o
        # expected.json` once, in CI): introspection + reading the snapshot + comparison.
        expected_json = os.path.join(root, "expected.json")
        run_timed(snap_mig_cmd + ["-o", expected_json])
        drift_snap_cmd = [schema, "drift", "--db", "sqlite:" + db, "--expected", expected_json,
                          "--format", "json"]
        fast = [
            ("a", "`sqlite3 FILE .schema`", [args.sqlite3, db, ".schema"], None),
            ("b", "`schema snapshot sqlite:FILE`", snap_db_cmd, None),
            ("f", "`schema drift --db sqlite:FILE --expected expected.json --format json`",
             drift_snap_cmd, None),
            ("e", "`sqlite3 :memory: < all.sql` (bare DDL execution)",
             [args.sqlite3, ":memory:"], allsql),
        ]
        slow = [
            ("c", "`schema drift --db sqlite:FILE --expected DIR --format json`", drift_cmd,
             None),
            ("d", "`schema snapshot DIR` (replay, no file)", snap_mig_cmd, None),
        ]
        cmds = fast[:3] + slow + fast[3:]
        walls = {k: [] for k, _, _, _ in cmds}
        cpus = {k: [] for k, _, _, _ in cmds}
        load0 = os.getloadavg()

        log("timing a, b, f, e: %d warm-up + %d runs each, interleaved ..." % (args.warmup,
                                                                           args.runs))
        for i in range(args.warmup + args.runs):
            for k, _, cmd, stdin in fast:
                w, c, _ = run_timed(cmd, stdin)
                if i >= args.warmup:
                    walls[k].append(w)
                    cpus[k].append(c)
        snap_db = run_timed(snap_db_cmd, capture=True)[2].stdout

        # The replaying commands take minutes at 2,000 tables: no untimed warm-up (the files
        # were just written and read, the cache is warm). The first drift run is the correctness
        # check (exit 0 = no drift) and prints its phases (SSE_TIMING=1, on stderr); the first
        # snapshot of the folder is compared with the snapshot of the file.
        log("timing c, d: %d runs each, interleaved; the first drift run must exit 0 ..."
            % args.slow_runs)
        phases = []
        same = None
        for i in range(max(1, args.slow_runs)):
            env = dict(os.environ, SSE_TIMING="1") if i == 0 else None
            w, c, p = run_timed(drift_cmd, env=env, capture=True, ok=(0, 1, 2, 3))
            if p.returncode != 0:
                print("schema drift exited with %d (expected 0: the database was built from the "
                      "migrations):" % p.returncode)
                print(p.stdout.decode(errors="replace")[-20000:])
                print(p.stderr.decode(errors="replace")[-5000:])
                sys.exit(1)
            if i == 0:
                phases = [l.split("timing: ", 1)[1]
                          for l in p.stderr.decode(errors="replace").splitlines()
                          if "timing: " in l]
            walls["c"].append(w)
            cpus["c"].append(c)
            w, c, p = run_timed(snap_mig_cmd, capture=(i == 0))
            if i == 0:
                same = p.stdout == snap_db
            walls["d"].append(w)
            cpus["d"].append(c)
        schema_bytes = subprocess.run([args.sqlite3, db, ".schema"], capture_output=True).stdout
        # process start-up alone, for reference
        start = [run_timed([schema, "--version"])[0] for _ in range(args.runs)]
        load1 = os.getloadavg()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    cpu = cpu_model()
    sqlite_version = subprocess.run([args.sqlite3, "--version"], capture_output=True,
                                    text=True).stdout.split()[0]
    print("machine: %d CPUs (%s), %s, load average %.1f at start, %.1f at end" % (
        os.cpu_count(), cpu, platform.platform(), load0[0], load1[0]))
    print("schema %s; sqlite3 CLI %s; Python sqlite3 module SQLite %s" % (
        schema, sqlite_version, sqlite3.sqlite_version))
    print("database: %d files x %d tables (--seed %d), built in %.1f s; sqlite_schema: %s; "
          "%d foreign keys; .schema output %d bytes" % (
              args.files, args.per_file, args.seed, t_build,
              ", ".join("%d %s" % (counts[t], {"index": "indexes"}.get(t, t + "s"))
                        for t in sorted(counts)), n_fk,
              len(schema_bytes)))
    print("drift: exit 0 (no drift); `schema snapshot sqlite:FILE` and `schema snapshot DIR` "
          "are %s" % ("byte-identical" if same else "DIFFERENT"))
    print()
    a = med(walls["a"])
    print("| | command | runs | median wall | min | max | median CPU | / (a) wall | / (a) CPU |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    ca = med(cpus["a"])
    for k, label, _, _ in cmds:
        w = walls[k]
        print("| %s | %s | %d | %s | %s | %s | %s | %s | %s |" % (
            k, label, len(w), fmt_ms(med(w)), fmt_ms(min(w)), fmt_ms(max(w)),
            fmt_ms(med(cpus[k])), "-" if k == "a" else "%.1fx" % (med(w) / a),
            "-" if k == "a" else ("%.1fx" % (med(cpus[k]) / ca) if ca > 0 else "?")))
    print()
    print("`schema --version` (process start-up): median %s; first `schema drift` run (the "
          "check, SSE_TIMING=1): %s, phases: %s" % (fmt_ms(med(start)), fmt_ms(walls["c"][0]),
                                                    "; ".join(phases) or "none printed"))
    rb = med(walls["b"]) / a
    rc = med(walls["c"]) / a
    rf = med(walls["f"]) / a
    print("target (issue 4) within 3x of sqlite3 .schema: snapshot %.1fx %s; drift against a "
          "snapshot %.1fx %s. For reference: drift replaying the migrations %.1fx (the bare "
          "execution of the same DDL by sqlite3 is %.1fx)" % (
              rb, "met" if rb <= 3 else "MISSED", rf, "met" if rf <= 3 else "MISSED",
              rc, med(walls["e"]) / a))


if __name__ == "__main__":
    main()
