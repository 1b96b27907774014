#!/usr/bin/python3
"""Benchmark: `schema lint` on synthetic Alembic histories against `alembic heads`.

Generates histories of N revisions, linear or with B merged branches, in a temporary folder,
then times, in the same run:
  - schema lint DIR --format json     (every N)
  - alembic -c DIR/alembic.ini heads  (Debian's python3-alembic, run with /usr/bin/python3;
                                       only up to --alembic-max revisions: it is slow)
and prints medians and the ratio. Both tools must agree on the number of heads.

Usage: tests/bench/alembic_graph.py [--schema build/release/cli/schema] [--runs 5]
Targets (issue 2): 100,000 revisions linted in under 1 s; on 2,000 revisions at least 30x faster
than `alembic heads`.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TEMPLATE = '''"""{doc}

Revision ID: {rev}
Revises: {revises}
Create Date: 2026-01-05 10:00:00
"""
from alembic import op
import sqlalchemy as sa

revision: str = "{rev}"
down_revision = {down}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("t{i}", sa.Column("c{i}", sa.Integer()))


def downgrade() -> None:
    op.drop_column("t{i}", "c{i}")
'''


def rev_id(i):
    return "%012x" % (0x1000000 + i * 7919)


def write_rev(versions, i, down):
    rev = rev_id(i)
    if down is None:
        down_s, revises = "None", ""
    elif isinstance(down, tuple):
        down_s = "(%s)" % ", ".join('"%s"' % d for d in down)
        revises = ", ".join(down)
    else:
        down_s, revises = '"%s"' % down, down
    with open(os.path.join(versions, "%s_step_%d.py" % (rev, i)), "w") as f:
        f.write(TEMPLATE.format(doc="step %d" % i, rev=rev, revises=revises, down=down_s, i=i))
    return rev


def generate(root, n, branches):
    versions = os.path.join(root, "migrations", "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s/migrations\n")
    with open(os.path.join(root, "migrations", "env.py"), "w") as f:
        f.write("# not used by `alembic heads`\n")
    i = 0
    head = write_rev(versions, i, None)
    i += 1
    if branches == 0:
        while i < n:
            head = write_rev(versions, i, head)
            i += 1
        return
    # Each branch forks at the current head, runs a side chain and merges back:
    # fork -> s1 -> ... -> sk, merge(fork, sk). `per` revisions per branch (k = per - 1).
    per = max(2, (n - 1) // branches)
    for _ in range(branches):
        fork = head
        side = fork
        for _ in range(per - 1):
            side = write_rev(versions, i, side)
            i += 1
        head = write_rev(versions, i, (fork, side))
        i += 1
    while i < n:
        head = write_rev(versions, i, head)
        i += 1


def time_cmd(cmd, runs, cwd, warmup=2):
    """Median wall time of `runs` runs after `warmup` runs (page cache warm for both tools)."""
    out = None
    for _ in range(warmup):
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schema", default="build/release/cli/schema")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--alembic-max", type=int, default=2000)
    ap.add_argument("--sizes", default="2000,100000")
    args = ap.parse_args()
    schema = os.path.abspath(args.schema)
    if not os.access(schema, os.X_OK):
        sys.exit("no schema binary at %s (build it first)" % schema)
    rows = []
    tmp = tempfile.mkdtemp(prefix="sse-bench-")
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            for branches in (0, 1000):
                root = os.path.join(tmp, "h%d_%d" % (n, branches))
                generate(root, n, branches)
                t_schema, p = time_cmd([schema, "lint", root, "--format", "json"], args.runs, root)
                report = json.loads(p.stdout)
                heads = report["sets"][0]["heads"]
                errors = report["summary"]["error"]
                t_alembic = None
                if n <= args.alembic_max:
                    t_alembic, pa = time_cmd(["/usr/bin/python3", "-m", "alembic", "-c",
                                              os.path.join(root, "alembic.ini"), "heads"],
                                             max(3, args.runs // 3), root, warmup=1)
                    alembic_heads = [l.split()[0] for l in pa.stdout.splitlines() if l.strip()]
                    if pa.returncode != 0 or alembic_heads != heads:
                        sys.exit("alembic disagrees on %s: %r vs %r\n%s" % (root, alembic_heads, heads, pa.stderr))
                rows.append((n, branches, report["sets"][0]["migrations"], len(heads), errors,
                             t_schema, t_alembic))
                shutil.rmtree(root)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("| revisions | merged branches | heads | errors | schema lint | alembic heads | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, b, m, h, e, ts, ta in rows:
        ratio = "%.0fx" % (ta / ts) if ta else "-"
        print("| %d | %d | %d | %d | %.3f s | %s | %s |" % (m, b, h, e, ts, "%.3f s" % ta if ta else "-", ratio))


if __name__ == "__main__":
    main()
