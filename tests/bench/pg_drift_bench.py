#!/usr/bin/python3
"""Benchmark (issue 5): `schema snapshot` of a live PostgreSQL database against `pg_dump
--schema-only`, its catalog round trips and peak memory, and `schema diff` between two live
databases against Liquibase's `diff`, in one run.

Method:
  1. Starts a throwaway PostgreSQL server (initdb + pg_ctl in a temporary folder, run as the
     `postgres` OS user when we are root; a Unix socket in that folder and TCP on a free port of
     127.0.0.1 with scram-sha-256 passwords; fsync=off, synchronous_commit=off,
     full_page_writes=off; max_locks_per_transaction=256 so that pg_dump can lock 10,000 tables;
     log_line_prefix with the application name). Stopped and removed at the end, also on failure.
  2. Generates the schemas with tests/bench/gen_pg_schema.py (--seed): database A with --tables
     (2,000) tables of 15 columns and 2 explicit indexes each (plus keys, uniques, checks, foreign
     keys, identity and serial sequences, 4 enums), loaded with one psql session, one transaction
     per 500 tables; database B = CREATE DATABASE ... TEMPLATE A plus 11 planted differences;
     database C with --large-tables (10,000) tables of the same shape. VACUUM ANALYZE on each
     (catalog statistics as on a database that has lived a while; autovacuum then stays idle).
  3. Times, interleaved, with --warmup untimed runs each first, wall and CPU time (user + system,
     children included) and peak RSS of the child (os.wait4), stdout to /dev/null, over the Unix
     socket:
       schema snapshot postgresql://bench@/A?host=SOCKDIR&port=PORT
       pg_dump --schema-only -h SOCKDIR -p PORT -U bench -d A
     at --tables (--runs runs) and --large-tables (--large-runs runs).
  4. Counts the statements each `schema snapshot` sends (A and C), as the server logs them: a
     separate run with log_statement = 'all' (ALTER SYSTEM + pg_reload_conf, reset afterwards:
     statement logging is off during every timed run), counting the `statement:` lines of
     application_name `schema`; pg_dump's count for reference. The two counts must be equal.
  5. Drift between A and B over TCP (as JDBC needs): `schema diff URL_A URL_B --format json` and
     `schema drift --db URL_B --expected URL_A --format json` (--runs runs, interleaved), and
     Liquibase `diff` (the liquibase npm package from tests/peers: its bundled Liquibase and
     PostgreSQL JDBC driver, run with the system Java) with A as the reference, --lb-runs runs
     after 1 warm-up (it takes seconds to minutes); after each Liquibase run, schema diff 3 times:
     the ratio is against those. schema must exit 1 and report every planted difference;
     Liquibase's output is searched for each planted object (reported per difference).
  6. Prints Markdown tables, the machine and its load average before and after.

Usage: tests/bench/pg_drift_bench.py [--schema build/release/cli/schema] [--tables 2000]
       [--large-tables 10000] [--runs 11] [--large-runs 5] [--lb-runs 3] [--seed 1]
Targets (issue 5): snapshot in at most half the time of pg_dump --schema-only; the same number
of catalog round trips at both sizes, at most 25; peak memory under 200 MB at 10,000 tables;
drift between two 2,000-table databases 50x faster than Liquibase.
"""
import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True      # no __pycache__ left in the tree
import gen_pg_schema  # noqa: E402
from benchlib import cpu_model, git_rev, log  # noqa: E402
from pgserver import PgServer, find_bindir  # noqa: E402

USER = "bench"
PASSWORD = "bench-Pw-5"      # a throwaway server on 127.0.0.1 only


# ----------------------------------------------------------------------------------------------
# Throwaway PostgreSQL server

def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server(PgServer):
    def __init__(self, bindir):
        super().__init__(bindir, "sse-pgdrift-", free_port())
        self.logfile = os.path.join(self.tmp, "server.log")

    def start(self):
        self._run([os.path.join(self.bindir, "initdb"), "-D", self.data, "--auth-local=trust",
                   "--auth-host=scram-sha-256", "-U", "postgres", "-E", "UTF8", "--locale=C",
                   "--no-sync"])
        opts = ("-k %s -c listen_addresses=127.0.0.1 -p %d -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_locks_per_transaction=256 "
                "-c \"log_line_prefix=%%m [%%p] app=%%a db=%%d \"" % (self.tmp, self.port))
        self._run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-o", opts,
                   "-l", self.logfile, "-w", "start"])
        self.started = True
        self.sql("postgres", "CREATE ROLE %s LOGIN SUPERUSER PASSWORD '%s'" % (USER, PASSWORD),
                 user="postgres")

    def psql(self, db, *args, user=USER):
        return ["psql", "-X", "-q", "-h", self.tmp, "-p", str(self.port), "-U", user,
                "-d", db] + list(args)

    def sql(self, db, sql, user=USER):
        p = subprocess.run(self.psql(db, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql, user=user),
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("psql -c %r failed: %s" % (sql, p.stderr))
        return p.stdout.strip()

    def load(self, db, path):
        p = subprocess.run(self.psql(db, "-v", "ON_ERROR_STOP=1", "-f", path),
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("PostgreSQL rejected %s:\n%s" % (path, p.stderr[-3000:]))

    def socket_url(self, db):
        return "postgresql://%s@/%s?host=%s&port=%d" % (USER, db, self.tmp, self.port)

    def tcp_url(self, db):
        return "postgresql://%s:%s@127.0.0.1:%d/%s" % (USER, PASSWORD, self.port, db)

    def jdbc_url(self, db):
        return "jdbc:postgresql://127.0.0.1:%d/%s" % (self.port, db)


# ----------------------------------------------------------------------------------------------
# Timing

class Run:
    def __init__(self, wall, cpu, rss_kb, code, out, err):
        self.wall, self.cpu, self.rss_kb, self.code, self.out, self.err = (
            wall, cpu, rss_kb, code, out, err)


def run_measured(cmd, ok=(0,), env=None, capture=False, cwd=None):
    """Runs cmd with stdout to /dev/null (or a temporary file with capture): wall time, CPU time
    (user + system, of the child and the descendants it waited for) and peak RSS from wait4."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                             stdout=out if capture else subprocess.DEVNULL, stderr=err, env=env,
                             cwd=cwd)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        e = err.read().decode(errors="replace")
        o = out.read().decode(errors="replace") if capture else ""
    if p.returncode not in ok:
        sys.exit("%s exited with %d:\n%s\n%s" % (" ".join(cmd), p.returncode, o[-3000:],
                                                  e[-3000:]))
    return Run(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, p.returncode, o, e)


def time_interleaved(cmds, runs, warmup):
    """cmds: {key: (argv, ok codes, env)}. Runs them in turn (a, b, a, b ...) so that load
    changes hit all alike; returns {key: [Run]} of the timed runs."""
    res = {k: [] for k in cmds}
    for i in range(warmup + runs):
        for k, (cmd, ok, env) in cmds.items():
            r = run_measured(cmd, ok, env)
            if i >= warmup:
                res[k].append(r)
    return res


def med(xs):
    return statistics.median(xs)


def fmt_s(t):
    if t < 1:
        return "%.0f ms" % (t * 1000)
    return "%.2f s" % t if t < 10 else "%.1f s" % t


def fmt_mb(kb):
    return "%.0f MB" % (kb / 1024.0)


# ----------------------------------------------------------------------------------------------
# Round trips

def count_statements(server, cmd, env=None, ok=(0,)):
    """Runs cmd once with log_statement = 'all' and returns {(app, db): statements logged}."""
    with open(server.logfile, "rb") as f:
        f.seek(0, 2)
        start = f.tell()
    run_measured(cmd, ok, env)
    time.sleep(0.3)
    with open(server.logfile, "rb") as f:
        f.seek(start)
        text = f.read().decode(errors="replace")
    counts = {}
    pat = re.compile(r"^\S+ \S+ \S+ \[\d+\] app=(\S*) db=(\S*) LOG:  (statement|execute [^:]*): ")
    for line in text.splitlines():
        m = pat.match(line)
        if m:
            key = (m.group(1), m.group(2))
            counts[key] = counts.get(key, 0) + 1
    return counts


def set_statement_logging(server, on):
    if on:
        server.sql("postgres", "ALTER SYSTEM SET log_statement = 'all'")
    else:
        server.sql("postgres", "ALTER SYSTEM RESET log_statement")
    server.sql("postgres", "SELECT pg_reload_conf()")
    time.sleep(0.5)
    want = "all" if on else "none"
    if server.sql("postgres", "SHOW log_statement") != want:
        sys.exit("log_statement did not become %r" % want)


# ----------------------------------------------------------------------------------------------

def db_counts(server, db):
    q = ("SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
         "WHERE n.nspname = 'public' AND c.relkind = 'r') || ' ' || "
         "(SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN "
         "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
         "AND a.attnum > 0 AND NOT a.attisdropped) || ' ' || "
         "(SELECT count(*) FROM pg_indexes WHERE schemaname = 'public') || ' ' || "
         "(SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace "
         "WHERE n.nspname = 'public' AND k.contype = 'f') || ' ' || "
         "(SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace "
         "WHERE n.nspname = 'public' AND k.contype = 'c') || ' ' || "
         "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
         "WHERE n.nspname = 'public' AND c.relkind = 'S')")
    keys = ["tables", "columns", "indexes", "foreign keys", "checks", "sequences"]
    return dict(zip(keys, (int(x) for x in server.sql(db, q).split())))


def describe_counts(c):
    return ", ".join("%s %s" % ("{:,}".format(v), k) for k, v in c.items())


def find_liquibase(arg):
    if arg:
        return arg
    p = os.path.join(ROOT, "tests/peers/node_modules/liquibase/dist/liquibase/liquibase")
    if not os.access(p, os.X_OK):
        sys.exit("no Liquibase at %s: run .ci/setup --peers (npm package liquibase)" % p)
    return p


def liquibase_sections(output):
    """{"Missing Column(s)": [entry, ...], ...} from Liquibase's diff report: a section header
    ends with ':' (NONE when empty), its entries are indented by 5 spaces, their details by 10."""
    sections = {}
    cur = None
    for line in output.splitlines():
        m = re.match(r"^((?:Missing|Unexpected|Changed) [A-Za-z ]+\(s\)):\s*(NONE)?\s*$", line)
        if m:
            cur = m.group(1)
            sections[cur] = []
            continue
        if cur and re.match(r"^     \S", line):
            sections[cur].append(line.strip())
        elif cur and re.match(r"^          \S", line) and sections[cur]:
            sections[cur][-1] += " / " + line.strip()
        elif not line.startswith(" "):
            cur = None
    return sections


def liquibase_reports(sections, kind, path):
    """The sections of Liquibase's report whose entries name the object of a planted difference
    (a `kind` section first: Missing / Unexpected / Changed)."""
    parts = path.split(".")[1:]                  # without the schema
    if len(parts) == 1:
        pat = re.compile(r"(^|[\s.(])%s($|[\s(])" % re.escape(parts[0]), re.I)
    else:
        pat = re.compile(r"(^|[\s.])%s\.%s\b|^%s\(" % (
            re.escape(parts[0]), re.escape(parts[1]), re.escape(parts[1])), re.I)
    hits = [name for name, entries in sections.items() if any(pat.search(e) for e in entries)]
    exact = {name for name in hits if any(e.split(" ")[0].lower() in (parts[-1].lower(),
             path.split(".", 1)[1].lower()) for e in sections[name])}
    hits.sort(key=lambda name: (name not in exact, not name.lower().startswith(kind)))
    return hits


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--schema", default=os.path.join(ROOT, "build/release/cli/schema"))
    ap.add_argument("--liquibase", help="the liquibase launcher (default: the one of the "
                    "liquibase npm package in tests/peers/node_modules)")
    ap.add_argument("--tables", type=int, default=2000)
    ap.add_argument("--large-tables", type=int, default=10000, help="0 skips the large database")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=11, help="timed runs at --tables")
    ap.add_argument("--large-runs", type=int, default=5, help="timed runs at --large-tables")
    ap.add_argument("--warmup", type=int, default=2, help="untimed runs of each command first "
                    "(1 at --large-tables and for Liquibase)")
    ap.add_argument("--lb-runs", type=int, default=3, help="timed Liquibase diff runs (0 skips)")
    ap.add_argument("--keep", metavar="DIR", help="keep the generated SQL, schema's diff report "
                    "and Liquibase's output in DIR (created)")
    args = ap.parse_args()
    # SIGTERM unwinds like an error, so that the server is stopped and removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    if args.keep:
        args.keep = os.path.abspath(args.keep)
        os.makedirs(args.keep)

    schema = os.path.abspath(args.schema)
    if not os.access(schema, os.X_OK):
        sys.exit("no schema binary at %s (build it first)" % schema)
    pg_dump = shutil.which("pg_dump") or sys.exit("no pg_dump on PATH")
    liquibase = find_liquibase(args.liquibase) if args.lb_runs > 0 else None
    bindir = find_bindir()

    work = args.keep or tempfile.mkdtemp(prefix="sse-pgdrift-work-")
    server = Server(bindir)
    results = {}
    try:
        log("generating %d and %d tables (--seed %d) ..." % (args.tables, args.large_tables,
                                                             args.seed))
        chunks, tables = gen_pg_schema.generate(args.tables, args.seed)
        drift_sql, planted = gen_pg_schema.plant_drift(tables)
        f_a = os.path.join(work, "a.sql")
        f_b = os.path.join(work, "drift.sql")
        with open(f_a, "w") as f:
            f.write("".join(chunks))
        with open(f_b, "w") as f:
            f.write(drift_sql)
        if args.large_tables:
            f_c = os.path.join(work, "c.sql")
            with open(f_c, "w") as f:
                f.write("".join(gen_pg_schema.generate(args.large_tables, args.seed)[0]))

        log("PostgreSQL: initdb and start (port %d) ..." % server.port)
        server.start()
        pg_version = server.sql("postgres", "SHOW server_version")
        loads = {}
        for db, path in (("bench_a", f_a),) + ((("bench_c", f_c),) if args.large_tables else ()):
            server.sql("postgres", "CREATE DATABASE %s OWNER %s" % (db, USER))
            t0 = time.perf_counter()
            server.load(db, path)
            loads[db] = time.perf_counter() - t0
            log("  %s loaded in %.1f s" % (db, loads[db]))
            server.sql(db, "VACUUM ANALYZE")
        server.sql("postgres", "CREATE DATABASE bench_b TEMPLATE bench_a OWNER %s" % USER)
        server.load("bench_b", f_b)
        server.sql("bench_b", "VACUUM ANALYZE")
        server.sql("postgres", "CHECKPOINT")
        counts = {db: db_counts(server, db) for db in
                  ["bench_a", "bench_b"] + (["bench_c"] if args.large_tables else [])}
        load0 = os.getloadavg()

        def snap(db):
            return [schema, "snapshot", server.socket_url(db)]

        def dump(db):
            return [pg_dump, "--schema-only", "-h", server.tmp, "-p", str(server.port), "-U",
                    USER, "-d", db]

        sizes = [("bench_a", args.tables, args.runs, args.warmup)]
        if args.large_tables:
            sizes.append(("bench_c", args.large_tables, args.large_runs, 1))
        out_bytes = {}
        for db, n, runs, warm in sizes:
            log("snapshot vs pg_dump at %d tables: %d warm-up + %d runs each, interleaved ..."
                % (n, warm, runs))
            res = time_interleaved({"snapshot": (snap(db), (0,), None),
                                    "pg_dump": (dump(db), (0,), None)}, runs, warm)
            results[db] = res
            s = run_measured(snap(db), capture=True)
            d = run_measured(dump(db), capture=True)
            out_bytes[db] = (len(s.out), len(d.out))
            if s.err.strip():
                log("  schema snapshot said on stderr: %s" % s.err.strip()[:500])

        # Drift over TCP (JDBC has no Unix sockets).
        url_a, url_b = server.tcp_url("bench_a"), server.tcp_url("bench_b")
        diff_cmd = [schema, "diff", url_a, url_b, "--format", "json"]
        drift_cmd = [schema, "drift", "--db", url_b, "--expected", url_a, "--format", "json"]
        log("schema diff / drift A B: checking, then %d warm-up + %d runs each ..." % (
            args.warmup, args.runs))
        check = run_measured(diff_cmd, ok=(0, 1, 2, 3), capture=True)
        if check.code != 1:
            sys.exit("schema diff exited %d (expected 1: B has planted differences):\n%s\n%s" % (
                check.code, check.out[-5000:], check.err[-3000:]))
        report = json.loads(check.out)
        if args.keep:
            with open(os.path.join(args.keep, "schema-diff.json"), "w") as f:
                f.write(check.out)
        findings = report.get("findings", [])
        changes = (report.get("drift") or {}).get("changes", [])
        schema_sees = {}
        for kind, path, note in planted:
            hit = [c for c in changes if c.get("path") == path and c.get("change") == kind]
            schema_sees[path] = ", ".join(
                "%s %s%s" % (c["change"], c.get("object", "?"),
                             " (%s)" % c["property"] if c.get("property") else "")
                for c in hit)
        planted_paths = {path for _, path, _ in planted}
        extra_changes = [c for c in changes if c.get("path") not in planted_paths]
        drift_check = run_measured(drift_cmd, ok=(0, 1, 2, 3), capture=True)
        if drift_check.code != 1:
            sys.exit("schema drift exited %d (expected 1):\n%s\n%s" % (
                drift_check.code, drift_check.out[-5000:], drift_check.err[-3000:]))
        codes = {}
        for f in findings:
            codes[f["code"]] = codes.get(f["code"], 0) + 1
        res = time_interleaved({"diff": (diff_cmd, (1,), None), "drift": (drift_cmd, (1,), None)},
                               args.runs, args.warmup)
        results["drift"] = res

        lb = {"runs": [], "paired": [], "out": "", "version": ""}
        if liquibase:
            lb_dir = os.path.join(work, "liquibase")
            os.makedirs(lb_dir)
            lb_env = dict(os.environ, LIQUIBASE_SHOW_BANNER="false")
            lb_cmd = [liquibase, "--url=" + server.jdbc_url("bench_b"), "--username=" + USER,
                      "--password=" + PASSWORD, "--referenceUrl=" + server.jdbc_url("bench_a"),
                      "--referenceUsername=" + USER, "--referencePassword=" + PASSWORD, "diff"]
            v = run_measured([liquibase, "--version"], env=lb_env, capture=True, cwd=lb_dir)
            m = re.search(r"Liquibase Version: (\S+)", v.out + v.err)
            lb["version"] = m.group(1) if m else "?"
            m = re.search(r"postgresql\.jar: PostgreSQL JDBC Driver (\S+)", v.out + v.err)
            lb["jdbc"] = m.group(1) if m else "?"
            log("Liquibase %s diff: 1 warm-up + %d runs, each followed by 3 schema diff runs ..."
                % (lb["version"], args.lb_runs))
            for i in range(1 + args.lb_runs):
                r = run_measured(lb_cmd, env=lb_env, capture=True, cwd=lb_dir)
                log("  liquibase run %d: %.1f s" % (i, r.wall))
                if i == 0:
                    lb["out"] = r.out + r.err
                    if args.keep:
                        with open(os.path.join(args.keep, "liquibase-diff.txt"), "w") as f:
                            f.write(lb["out"])
                else:
                    lb["runs"].append(r)
                    for _ in range(3):
                        lb["paired"].append(run_measured(diff_cmd, ok=(1,)))
            after = db_counts(server, "bench_b")
            if after != counts["bench_b"]:
                sys.exit("Liquibase changed database B: %s -> %s" % (counts["bench_b"], after))

        # Round trips: separate runs with statement logging on.
        log("counting statements (log_statement = 'all', separate runs) ...")
        set_statement_logging(server, True)
        try:
            rt = {}
            for db, n, _, _ in sizes:
                c = count_statements(server, snap(db))
                rt[("snapshot", db)] = c.get(("schema", db), 0)
                c = count_statements(server, dump(db))
                rt[("pg_dump", db)] = c.get(("pg_dump", db), 0)
            c = count_statements(server, diff_cmd, ok=(1,))
            rt[("diff", "bench_a")] = c.get(("schema", "bench_a"), 0)
            rt[("diff", "bench_b")] = c.get(("schema", "bench_b"), 0)
        finally:
            set_statement_logging(server, False)
        load1 = os.getloadavg()
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    # -- report --------------------------------------------------------------------------------
    cpu = cpu_model()
    rev = git_rev(ROOT)
    dump_version = subprocess.run([pg_dump, "--version"], capture_output=True,
                                  text=True).stdout.strip()
    print("machine: %d CPUs (%s), %s, load average %.1f at start, %.1f at end" % (
        os.cpu_count(), cpu, platform.platform(), load0[0], load1[0]))
    print("schema %s (git %s); PostgreSQL %s (fsync=off, synchronous_commit=off, "
          "full_page_writes=off); %s%s" % (
              schema, rev, pg_version, dump_version,
              ("; Liquibase %s (npm liquibase, PostgreSQL JDBC %s), %s" % (
                  lb["version"], lb.get("jdbc", "?"), subprocess.run(
                      ["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0])
               if liquibase else "")))
    for db in counts:
        print("%s: %s%s" % (db, describe_counts(counts[db]),
                            " (loaded in %.1f s)" % loads[db] if db in loads else
                            " (A + %d planted differences)" % len(planted)))
    print()
    print("Snapshot of a live database (Unix socket, stdout to /dev/null):")
    print()
    print("| tables | command | runs | median wall | min | max | median CPU | peak RSS | output "
          "| snapshot / pg_dump (wall) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for db, n, _, _ in sizes:
        res = results[db]
        ws = med([r.wall for r in res["snapshot"]])
        wd = med([r.wall for r in res["pg_dump"]])
        for k, label in (("snapshot", "`schema snapshot postgresql://…`"),
                         ("pg_dump", "`pg_dump --schema-only`")):
            rs = res[k]
            w = [r.wall for r in rs]
            print("| %s | %s | %d | %s | %s | %s | %s | %s | %.1f MB | %s |" % (
                "{:,}".format(n), label, len(rs), fmt_s(med(w)), fmt_s(min(w)), fmt_s(max(w)),
                fmt_s(med([r.cpu for r in rs])), fmt_mb(max(r.rss_kb for r in rs)),
                out_bytes[db][0 if k == "snapshot" else 1] / 1e6,
                "%.2f" % (ws / wd) if k == "snapshot" else "-"))
    print()
    print("Catalog round trips (statements the server logged for the run, log_statement = 'all', "
          "a separate untimed run):")
    print()
    print("| tables | `schema snapshot` | `pg_dump --schema-only` |")
    print("|---:|---:|---:|")
    for db, n, _, _ in sizes:
        print("| %s | %d | %d |" % ("{:,}".format(n), rt[("snapshot", db)], rt[("pg_dump", db)]))
    print()
    print("`schema diff A B`: %d statements on A, %d on B" % (rt[("diff", "bench_a")],
                                                            rt[("diff", "bench_b")]))
    print()
    print("Drift between A and B (%s tables, TCP 127.0.0.1, scram-sha-256):" % "{:,}".format(
        args.tables))
    print()
    print("| command | runs | median wall | min | max | median CPU | peak RSS | Liquibase / "
          "schema (wall) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    rows = [("`schema diff URL_A URL_B --format json`", results["drift"]["diff"]),
            ("`schema drift --db URL_B --expected URL_A --format json`",
             results["drift"]["drift"])]
    if lb["paired"]:
        rows.append(("`schema diff` (3 runs after each Liquibase run)", lb["paired"]))
    if lb["runs"]:
        rows.append(("Liquibase `diff`", lb["runs"]))
    for label, rs in rows:
        w = [r.wall for r in rs]
        ratio = "-"
        if label.startswith("Liquibase"):
            ratio = "%.0fx" % (med(w) / med([r.wall for r in lb["paired"]]))
        print("| %s | %d | %s | %s | %s | %s | %s | %s |" % (
            label, len(rs), fmt_s(med(w)), fmt_s(min(w)), fmt_s(max(w)),
            fmt_s(med([r.cpu for r in rs])), fmt_mb(max(r.rss_kb for r in rs)), ratio))
    print()
    print("schema diff: %d differences, findings by code: %s%s" % (
        len(changes), ", ".join("%s %d" % (c, codes[c]) for c in sorted(codes)),
        "; not planted: %s" % json.dumps(extra_changes) if extra_changes else
        " (exactly the planted ones)"))
    sections = liquibase_sections(lb["out"]) if liquibase else {}
    print()
    print("| planted difference | object | schema reports | Liquibase reports |")
    print("|---|---|---|---|")
    for kind, path, note in planted:
        lbs = liquibase_reports(sections, kind, path) if liquibase else None
        print("| %s (%s) | `%s` | %s | %s |" % (
            kind, note, path, schema_sees[path] or "**no**",
            "-" if lbs is None else (", ".join(lbs) or "**no**")))
    if liquibase:
        print()
        print("Liquibase's report (first run), entries per section: %s" % "; ".join(
            "%s %d" % (k, len(v)) for k, v in sections.items() if v))
        if args.keep:
            print("(its full output: %s)" % os.path.join(args.keep, "liquibase-diff.txt"))

    # Verdicts
    print()
    for db, n, _, _ in sizes:
        res = results[db]
        r = med([x.wall for x in res["snapshot"]]) / med([x.wall for x in res["pg_dump"]])
        print("target snapshot <= 0.5x pg_dump at %s tables: %.2fx %s" % (
            "{:,}".format(n), r, "met" if r <= 0.5 else "MISSED"))
    snaps = [rt[("snapshot", db)] for db, _, _, _ in sizes]
    print("target same round trips at both sizes, <= 25: %s %s" % (
        " and ".join(str(x) for x in snaps),
        "met" if len(set(snaps)) == 1 and max(snaps) <= 25 else "MISSED"))
    if args.large_tables:
        kb = max(x.rss_kb for x in results["bench_c"]["snapshot"])
        print("target peak memory < 200 MB at %s tables: %s %s" % (
            "{:,}".format(args.large_tables), fmt_mb(kb),
            "met" if kb < 200 * 1024 else "MISSED"))
    if lb["runs"]:
        r = med([x.wall for x in lb["runs"]]) / med([x.wall for x in lb["paired"]])
        print("target drift 50x faster than Liquibase: %.0fx %s" % (r, "met" if r >= 50 else
                                                                    "MISSED"))
    missed = [p for p, seen in schema_sees.items() if not seen]
    if missed:
        print("schema did NOT report planted differences: %s" % ", ".join(missed))
        sys.exit(1)


if __name__ == "__main__":
    main()
