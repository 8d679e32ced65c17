"""orch's process spawner for command jobs of the local launcher (src/launchers/local/spawner.ts).

Why it exists: Node's child_process.spawn forks orch itself (a ~100 MB process) for every job,
about 6 ms each; a fork of this small process is a fraction of that. It runs for as long as orch
has command jobs to start and needs nothing but the Python standard library.

Protocol, one line each way per message (UTF-8):
  orch -> spawner  JSON {"id", "file", "argv", "cwd", "env" (added to the spawner's own), "out", "err"}
  spawner -> orch  "S <id> <pid>"          the job runs (exec succeeded), in its own process group
                   "E <id> <errno>"         it could not be started (execve, chdir or a log failed)
                   "X <id> <code|-signal>"  it ended (waitpid); before saying so, whatever is left of
                                            its process group is killed and a log that stayed
                                            empty is removed (no 0-byte files), so orch need not
Stdin closing (orch exited, even killed) ends the spawner; jobs that still run are left as orch's
own children would be.
"""
import errno
import json
import os
import selectors
import signal
import sys

RESET = [s for s in (getattr(signal, n, None) for n in ("SIGPIPE", "SIGXFSZ", "SIGINT", "SIGTERM", "SIGCHLD")) if s is not None]
BASE_ENV = {k.encode("utf-8", "surrogateescape"): v.encode("utf-8", "surrogateescape") for k, v in os.environ.items()}
APPEND = os.O_WRONLY | os.O_APPEND | os.O_CREAT
jobs = {}  # pid -> id


def write(line):
    os.write(1, (line + "\n").encode())


def child(req, wfd):
    """In the forked child: never returns."""
    try:
        for s in RESET:  # what Python ignores or handles must be the default again in the job
            signal.signal(s, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        os.setpgid(0, 0)
        os.chdir(req["cwd"])
        devnull = os.open(os.devnull, os.O_RDONLY)
        out = os.open(req["out"], APPEND, 0o666)
        err = os.open(req["err"], APPEND, 0o666)
        os.dup2(devnull, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        env = dict(BASE_ENV)
        for k, v in req["env"].items():
            env[k.encode()] = v.encode()
        try:
            os.execve(req["file"], req["argv"], env)
        except OSError as e:
            if e.errno != errno.ENOEXEC:
                raise
            # a script without a #! line runs under sh, as execvp (and so Node's spawn) does it
            os.execve("/bin/sh", ["sh", req["file"]] + req["argv"][1:], env)
    except OSError as e:
        os.write(wfd, str(e.errno or 0).encode())
    except BaseException:
        os.write(wfd, b"0")
    os._exit(127)


def start(req):
    rfd, wfd = os.pipe()  # close-on-exec: EOF with no bytes means the exec succeeded
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        child(req, wfd)
    os.close(wfd)
    try:
        os.setpgid(pid, pid)  # also here, so the group exists before orch hears of the pid
    except OSError:
        pass
    data = b""
    while True:
        chunk = os.read(rfd, 64)
        if not chunk:
            break
        data += chunk
    os.close(rfd)
    if data:
        os.waitpid(pid, 0)
        write("E %s %s" % (req["id"], data.decode()))
    else:
        jobs[pid] = req
        write("S %s %d" % (req["id"], pid))


def reap():
    while jobs:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        req = jobs.pop(pid, None)
        if req is None:
            continue
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        tidy(pid, req)
        write("X %s %d" % (req["id"], code))


def tidy(pgid, req):
    try:
        os.killpg(pgid, signal.SIGKILL)  # the job's leftovers (a background child) end with it
    except OSError:
        pass
    for path in (req["out"], req["err"]):
        try:
            if os.stat(path).st_size == 0:
                os.unlink(path)
        except OSError:
            pass


def main():
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    sel = selectors.DefaultSelector()
    sel.register(0, selectors.EVENT_READ, "in")
    sel.register(wake_r, selectors.EVENT_READ, "wake")
    pending = b""
    while True:
        for key, _ in sel.select():
            if key.data == "wake":
                os.read(wake_r, 4096)
                continue
            chunk = os.read(0, 1 << 16)
            if not chunk:
                return
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                if line:
                    start(json.loads(line))
        reap()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
    sys.exit(0)
