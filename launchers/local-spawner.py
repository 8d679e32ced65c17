"""orch's process spawner for command jobs of the local launcher (src/launchers/local/spawner.ts).

Why it exists: Node's child_process.spawn forks orch itself (a ~100 MB process) for every job,
about 6 ms each. This helper starts jobs with posix_spawn (glibc's vfork-style clone: no page
tables copied, no Python code run in the child), about as cheap as xargs' fork of a tiny process;
a Python fork was not (the child's first writes copy the interpreter's pages: ~1.5 ms of CPU per
job). It needs nothing but the Python standard library (3.8 or later, for os.posix_spawn).

A job's stdout and stderr are pipes to this helper, which creates stdout.log / stderr.log at the
first byte written: a job that prints nothing leaves no file, and no file is created only to be
deleted (on a file system without a journal every deletion makes the next creations slower).

Protocol, one line each way per message (UTF-8):
  orch -> spawner  JSON {"id", "file", "argv", "cwd", "env" (added to the spawner's own), "out", "err"}
                   with "after": <id>, start it the moment job <id> ends with exit code 0 (at once
                   if it already has); if that job ends otherwise, or never started, say "D".
                   Job <id> may itself be waiting for its "after": a chain, whose jobs start one
                   after the other as each ends with 0; a job dropped drops the rest of its chain.
                   So a lane of the launcher has its next jobs started with no round trip to orch.
                   JSON {"cancel": <id>}  a job still waiting for its "after" is not started ("D"),
                                          nor is the rest of its chain
  spawner -> orch  "S <id> <pid>"          the job runs (exec succeeded), in its own process group
                   "E <id> <errno>"         it could not be started (execve, chdir or a log failed)
                   "D <id> 0"               it was waiting for an "after" and will not be started
                   "X <id> <code|-signal>"  it ended (waitpid); before saying so, whatever is left of
                                            its process group is killed and its output so far is
                                            in its logs, so orch need not
A request may carry "grace": the ms between SIGTERM and SIGKILL when the job is stopped here.
Stdin closing (orch exited, even killed) starts no more jobs and stops the ones that run: SIGTERM
to each job's group, SIGKILL to what is left after its grace (default 5 s). A job never outlives
the orch that started it, so one left by an orch killed with SIGKILL cannot run beside its rerun,
and orch need not record a job's pid before the job has run a while. The spawner lets go of the
stdout and stderr it shares with orch (whoever ran orch waits for them to close) and stays until
its jobs have ended (their last output still goes to their logs), then exits.

glibc's posix_spawn leaves its two internal signals (32 and 33, which no program can handle
through glibc) ignored in the job: every other signal is at its default, as Node would leave it.
"""
import errno
import json
import os
import selectors
import signal
import sys
import time
from collections import OrderedDict

RESET = [s for s in (getattr(signal, n, None) for n in ("SIGPIPE", "SIGXFSZ", "SIGINT", "SIGTERM", "SIGCHLD")) if s is not None]
BASE_ENV = {k.encode("utf-8", "surrogateescape"): v.encode("utf-8", "surrogateescape") for k, v in os.environ.items()}
APPEND = os.O_WRONLY | os.O_APPEND | os.O_CREAT
sel = selectors.DefaultSelector()
jobs = {}  # pid -> Job
waiting = {}  # id of a running or waiting job -> request to start when it ends with exit code 0
# Exit codes of the last jobs that ended (None: never started), for an "after" that arrives just
# after its job ended; orch sends it while the job runs, so a short memory is enough (bounded).
ended = OrderedDict()
ENDED_KEPT = 1024
orch_gone = False
kill_at = {}  # once orch is gone: pid -> when that job, if it still runs, gets SIGKILL
DEFAULT_GRACE_MS = 5000


replies = []  # said in one write per turn of the loop: a job's end and the next one's start go together


def write(line):
    replies.append(line)


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def flush():
    data = ("\n".join(replies) + "\n").encode() if replies else b""
    del replies[:]
    try:
        write_all(1, data)
    except OSError:
        pass  # orch is gone: nobody to tell


class Log:
    """One of a job's output streams: a pipe read here, a file created at its first byte."""

    def __init__(self, rfd, path):
        self.rfd, self.path, self.fd = rfd, path, None
        os.set_blocking(rfd, False)
        sel.register(rfd, selectors.EVENT_READ, self)

    def pump(self):
        """Copies what the pipe holds now; closes it once the writers are all gone (EOF)."""
        while self.rfd is not None:
            try:
                data = os.read(self.rfd, 1 << 16)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self.close()
                return
            self.save(data)

    def save(self, data):
        try:
            if self.fd is None:
                self.fd = os.open(self.path, APPEND, 0o666)
            write_all(self.fd, data)
        except OSError:
            pass  # the job's directory is gone: its output has nowhere to go

    def close(self):
        if self.rfd is None:
            return
        sel.unregister(self.rfd)
        os.close(self.rfd)
        self.rfd = None
        if self.fd is not None:
            os.close(self.fd)


class Job:
    def __init__(self, req, logs):
        self.req, self.logs = req, logs


def spawn(req, out_w, err_w):
    """The job's pid once its exec succeeded; OSError (its errno) if it could not be started."""
    env = dict(BASE_ENV)
    for k, v in req["env"].items():
        env[k.encode()] = v.encode()
    # The spawner is single-threaded, so its own cwd is the job's at the instant of the spawn.
    os.chdir(req["cwd"])
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0), (os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)]
    options = dict(file_actions=actions, setpgroup=0, setsigdef=RESET, setsigmask=[])
    try:
        return os.posix_spawn(req["file"], req["argv"], env, **options)
    except OSError as e:
        if e.errno != errno.ENOEXEC:
            raise
        # a script without a #! line runs under sh, as execvp (and so Node's spawn) does it
        return os.posix_spawn("/bin/sh", ["sh", req["file"]] + req["argv"][1:], env, **options)


def start(req):
    out_r, out_w = os.pipe()  # close-on-exec; the job gets them as its fds 1 and 2
    err_r, err_w = os.pipe()
    try:
        pid = spawn(req, out_w, err_w)
    except OSError as e:
        pid, why = None, e.errno or 0
    except Exception:
        pid, why = None, 0
    finally:
        os.close(out_w)
        os.close(err_w)
    if pid is None:
        os.close(out_r)
        os.close(err_r)
        write("E %s %s" % (req["id"], why))
        remember_end(req["id"], None)
        drop(waiting.pop(req["id"], None))
        return
    jobs[pid] = Job(req, [Log(out_r, req["out"]), Log(err_r, req["err"])])
    write("S %s %d" % (req["id"], pid))


def remember_end(id, code):
    ended[id] = code
    if len(ended) > ENDED_KEPT:
        ended.popitem(last=False)


def drop(req):
    """Says a waiting job (None: no job) will not be started, nor the jobs chained after it."""
    while req is not None:
        write("D %s 0" % req["id"])
        req = waiting.pop(req["id"], None)


def request(req):
    # `waiting` and `jobs` hold orch's look-ahead and n_jobs entries at most: scans are short.
    if "cancel" in req:
        prev = next((p for p, r in waiting.items() if r["id"] == req["cancel"]), None)
        if prev is not None:
            drop(waiting.pop(prev))
        return
    after = req.get("after")
    if after is None or ended.get(after) == 0:
        start(req)
    elif any(r["id"] == after for r in waiting.values()) or any(job.req["id"] == after for job in jobs.values()):
        waiting[after] = req
    else:
        write("D %s 0" % req["id"])  # it failed, or orch asked too late: orch decides


def reap():
    while jobs:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        job = jobs.pop(pid, None)
        if job is None:
            continue
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        try:
            os.killpg(pid, signal.SIGKILL)  # the job's leftovers (a background child) end with it
        except OSError:
            pass
        # What it wrote before it ended is in its logs before orch hears of the end; a writer it left
        # outside its group may still add to them, pumped as it comes.
        for log in job.logs:
            log.pump()
        id = job.req["id"]
        remember_end(id, code)
        nxt = waiting.pop(id, None)
        write("X %s %d" % (id, code))
        if nxt is not None and code == 0:
            start(nxt)
        else:
            drop(nxt)


def signal_job(pid, sig):
    try:
        os.killpg(pid, sig)
    except OSError:
        pass  # it has just ended: reaped below


def stop_jobs():
    """Orch is gone: its jobs get SIGTERM now, and SIGKILL if they still run when their grace is over."""
    now = time.monotonic()
    for pid, job in jobs.items():
        signal_job(pid, signal.SIGTERM)
        kill_at[pid] = now + job.req.get("grace", DEFAULT_GRACE_MS) / 1000


def kill_late_jobs():
    now = time.monotonic()
    for pid, at in list(kill_at.items()):
        if pid not in jobs:
            del kill_at[pid]
        elif at <= now:
            signal_job(pid, signal.SIGKILL)
            del kill_at[pid]


def main():
    global orch_gone
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    sel.register(0, selectors.EVENT_READ, "in")
    sel.register(wake_r, selectors.EVENT_READ, "wake")
    pending = b""
    while not orch_gone or jobs or len(sel.get_map()) > 1:
        timeout = max(0, min(kill_at.values()) - time.monotonic()) if kill_at else None
        for key, _ in sel.select(timeout):
            if key.data == "wake":
                os.read(wake_r, 4096)
            elif key.data == "in":
                chunk = os.read(0, 1 << 16)
                if not chunk:
                    orch_gone = True
                    sel.unregister(0)
                    waiting.clear()
                    # Whoever ran orch waits for its output pipes to close: they are not ours to hold.
                    devnull = os.open(os.devnull, os.O_RDWR)
                    for fd in (0, 1, 2):
                        os.dup2(devnull, fd)
                    stop_jobs()
                    continue
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    if line:
                        request(json.loads(line))
            else:
                key.data.pump()
        if kill_at:
            kill_late_jobs()
        reap()
        flush()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
    sys.exit(0)
