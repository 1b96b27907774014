"""A throwaway PostgreSQL server for the benchmarks (standard library only): initdb and pg_ctl in
a temporary folder, run as the `postgres` OS user when the script runs as root, stopped and
removed by stop(). Each benchmark subclasses PgServer for how it starts the server and connects."""

import os
import pwd
import shutil
import subprocess
import sys
import tempfile




def find_bindir():
    """The folder of initdb, pg_ctl and postgres (PATH, then pg_config, then Debian's)."""
    cands = []
    for d in os.environ.get("PATH", "").split(os.pathsep):
        p = os.path.join(d, "initdb")
        if d and os.access(p, os.X_OK):
            cands.append(os.path.dirname(os.path.realpath(p)))
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout
        if out.strip():
            cands.append(out.strip())
    except OSError:
        pass
    cands.append("/usr/lib/postgresql/15/bin")
    for d in cands:
        if all(os.access(os.path.join(d, b), os.X_OK) for b in ("initdb", "pg_ctl", "postgres")):
            return d
    sys.exit("no PostgreSQL server binaries (initdb, pg_ctl, postgres); install postgresql-15 "
             "(.ci/setup does)")


class PgServer:
    def __init__(self, bindir, prefix, port):
        self.bindir = bindir
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.data = os.path.join(self.tmp, "data")
        self.port = port
        self.user = None
        self.started = False
        if os.geteuid() == 0:
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                sys.exit("running as root and there is no `postgres` OS user to run the server as")
            os.chown(self.tmp, self.user.pw_uid, self.user.pw_gid)
        os.chmod(self.tmp, 0o755)

    def _as_user(self):
        if self.user is None:
            return None
        u = self.user

        def demote():
            os.setgid(u.pw_gid)
            os.initgroups(u.pw_name, u.pw_gid)
            os.setuid(u.pw_uid)
        return demote

    def _run(self, argv):
        """Runs a server program (initdb, pg_ctl) as the server's user; exits on failure."""
        env = dict(os.environ)
        if self.user is not None:
            env["HOME"] = self.tmp
            env["USER"] = env["LOGNAME"] = self.user.pw_name
        p = subprocess.run(argv, preexec_fn=self._as_user(), env=env, cwd=self.tmp,
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("%s failed:\n%s%s" % (" ".join(argv), p.stdout, p.stderr))
        return p

    def stop(self):
        if self.started:
            subprocess.run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", "fast",
                            "-w", "stop"], preexec_fn=self._as_user(), capture_output=True)
            self.started = False
        shutil.rmtree(self.tmp, ignore_errors=True)
