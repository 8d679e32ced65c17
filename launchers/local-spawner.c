/*
 * orch's process spawner, compiled: the protocol and behaviour of local-spawner.py (read its
 * docstring: one JSON request per line in, "S/E/D/X <id> <n>" replies out, chains of "after",
 * "cancel", logs created at a job's first byte, jobs stopped when orch's pipe closes), which stays
 * the fallback where the build found no C compiler (scripts/build-spawner.mjs).
 *
 * Why a second implementation: in a sweep of short jobs the Python helper's own work is a large
 * share of what orch adds per job (its interpreter ~110 us a job; glibc's posix_spawn, ~65 us more
 * in each child, resets all 64 signals one sigaction at a time). Here a job costs a vfork, the
 * child's few syscalls and no interpreter. vfork is safe here because the child only makes
 * syscalls on memory the parent prepared, and this process installs no signal handler (SIGCHLD is
 * read from a signalfd), so nothing can run in the child that touches the parent's state.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define DEFAULT_GRACE_MS 5000.0
#define ENDED_KEPT 1024
#define NEVER_STARTED INT_MIN

typedef struct Req {
  long id, after, cancel;
  int has_after, is_cancel, has_grace;
  double grace;
  char *file, *cwd, *out, *err;
  char **argv, **env; /* NULL-terminated; env entries are "KEY=VALUE" */
  int argc, envc;
} Req;

typedef struct Log { int rfd, fd; char *path; } Log;

typedef struct Job {
  pid_t pid;
  Req *req;
  Log *logs[2];
  int kill_pending;
  double kill_at;
} Job;

typedef struct Waiting { long after; Req *req; } Waiting;

static Job *jobs; static int njobs, jobs_cap;
static Log **logs; static int nlogs, logs_cap;
static Waiting *waiting; static int nwaiting, waiting_cap;
static struct { long id; int code; } ended[ENDED_KEPT];
static int ended_next, ended_count;
static int orch_gone, devnull;
static char *replies; static size_t replies_len, replies_cap;

static void *grow(void *p, int *cap, int need, size_t size) {
  if (need <= *cap) return p;
  int cap2 = *cap ? *cap * 2 : 8;
  while (cap2 < need) cap2 *= 2;
  void *q = realloc(p, (size_t)cap2 * size);
  if (!q) { perror("orch-spawner"); exit(1); }
  *cap = cap2;
  return q;
}

static void write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0) { if (errno == EINTR) continue; return; }
    data += n; len -= (size_t)n;
  }
}

/* Said in one write per turn of the loop: a job's end and the next one's start go together. */
static void reply(char kind, long id, long n) {
  if (replies_cap - replies_len < 64) {
    replies_cap = replies_cap ? replies_cap * 2 : 4096;
    replies = realloc(replies, replies_cap);
    if (!replies) { perror("orch-spawner"); exit(1); }
  }
  replies_len += (size_t)snprintf(replies + replies_len, replies_cap - replies_len, "%c %ld %ld\n", kind, id, n);
}

static void flush_replies(void) {
  write_all(1, replies, replies_len); /* orch gone: fd 1 is /dev/null */
  replies_len = 0;
}

/* ---- requests: the JSON that spawner.ts writes (objects, arrays, strings, numbers) ---- */

typedef struct Json { const char *p, *end; int bad; } Json;

static void ws(Json *j) { while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r')) j->p++; }
static int eat(Json *j, char c) { ws(j); if (j->p < j->end && *j->p == c) { j->p++; return 1; } return 0; }

static int hex4(Json *j) {
  if (j->end - j->p < 4) { j->bad = 1; return 0; }
  int v = 0;
  for (int i = 0; i < 4; i++) {
    char c = *j->p++;
    v <<= 4;
    if (c >= '0' && c <= '9') v |= c - '0';
    else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
    else { j->bad = 1; return 0; }
  }
  return v;
}

static size_t utf8(char *o, unsigned cp) {
  if (cp < 0x80) { o[0] = (char)cp; return 1; }
  if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) { o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | (cp >> 6 & 0x3F)); o[2] = (char)(0x80 | (cp & 0x3F)); return 3; }
  o[0] = (char)(0xF0 | cp >> 18); o[1] = (char)(0x80 | (cp >> 12 & 0x3F)); o[2] = (char)(0x80 | (cp >> 6 & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* A string value as a new NUL-terminated UTF-8 string; NULL (j->bad) when it is not one. */
static char *jstring(Json *j) {
  if (!eat(j, '"')) { j->bad = 1; return NULL; }
  char *s = malloc((size_t)(j->end - j->p) + 1), *o = s;
  if (!s) { perror("orch-spawner"); exit(1); }
  while (j->p < j->end && *j->p != '"') {
    char c = *j->p++;
    if (c != '\\') { *o++ = c; continue; }
    if (j->p >= j->end) break;
    c = *j->p++;
    switch (c) {
      case 'n': *o++ = '\n'; break;
      case 't': *o++ = '\t'; break;
      case 'r': *o++ = '\r'; break;
      case 'b': *o++ = '\b'; break;
      case 'f': *o++ = '\f'; break;
      case 'u': {
        unsigned cp = (unsigned)hex4(j);
        if (cp >= 0xD800 && cp < 0xDC00 && j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u') {
          const char *back = j->p;
          j->p += 2;
          unsigned lo = (unsigned)hex4(j);
          if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          else j->p = back;
        }
        if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD; /* a lone surrogate names no character */
        o += utf8(o, cp);
        break;
      }
      default: *o++ = c; /* \" \\ \/ */
    }
  }
  if (!eat(j, '"')) j->bad = 1;
  *o = 0;
  if (j->bad) { free(s); return NULL; }
  return s;
}

static double jnumber(Json *j) {
  ws(j);
  char *stop;
  double v = strtod(j->p, &stop);
  if (stop == j->p) j->bad = 1;
  j->p = stop;
  return v;
}

static void jskip(Json *j) {
  ws(j);
  if (j->p >= j->end) { j->bad = 1; return; }
  if (*j->p == '"') { free(jstring(j)); return; }
  if (*j->p == '{' || *j->p == '[') {
    char close = *j->p == '{' ? '}' : ']';
    j->p++;
    if (eat(j, close)) return;
    do {
      if (close == '}') { free(jstring(j)); if (!eat(j, ':')) j->bad = 1; }
      if (!j->bad) jskip(j);
    } while (!j->bad && eat(j, ','));
    if (!eat(j, close)) j->bad = 1;
    return;
  }
  if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) { jnumber(j); return; }
  while (j->p < j->end && *j->p >= 'a' && *j->p <= 'z') j->p++; /* true false null */
}

/* ["a", "b"] as a NULL-terminated array (n: its length), or NULL (j->bad). */
static char **jstrings(Json *j, int *n, int want_pairs) {
  char **v = NULL; int cap = 0; *n = 0;
  if (!eat(j, want_pairs ? '{' : '[')) { j->bad = 1; return NULL; }
  if (!eat(j, want_pairs ? '}' : ']')) {
    do {
      char *s = jstring(j);
      if (s && want_pairs) {
        char *val = eat(j, ':') ? jstring(j) : (j->bad = 1, NULL);
        if (val) {
          size_t kl = strlen(s), vl = strlen(val);
          char *kv = malloc(kl + vl + 2);
          memcpy(kv, s, kl); kv[kl] = '='; memcpy(kv + kl + 1, val, vl + 1);
          free(val); free(s); s = kv;
        } else { free(s); s = NULL; }
      }
      if (!s) break;
      v = grow(v, &cap, *n + 2, sizeof *v);
      v[(*n)++] = s;
    } while (eat(j, ','));
    if (!j->bad && !eat(j, want_pairs ? '}' : ']')) j->bad = 1;
  }
  v = grow(v, &cap, *n + 1, sizeof *v);
  v[*n] = NULL;
  return v;
}

static void free_req(Req *r) {
  if (!r) return;
  free(r->file); free(r->cwd); free(r->out); free(r->err);
  for (int i = 0; r->argv && r->argv[i]; i++) free(r->argv[i]);
  for (int i = 0; r->env && r->env[i]; i++) free(r->env[i]);
  free(r->argv); free(r->env); free(r);
}

/* The request on one line; NULL when the line is not one (*id_seen says whether its id was read). */
static Req *parse_request(const char *line, size_t len, long *id_seen) {
  Json j = { line, line + len, 0 };
  Req *r = calloc(1, sizeof *r);
  int has_id = 0;
  *id_seen = -1;
  if (!eat(&j, '{')) j.bad = 1;
  if (!j.bad && !eat(&j, '}')) {
    do {
      char *key = jstring(&j);
      if (!key || !eat(&j, ':')) { free(key); j.bad = 1; break; }
      if (!strcmp(key, "id")) { r->id = (long)jnumber(&j); has_id = 1; *id_seen = r->id; }
      else if (!strcmp(key, "after")) { r->after = (long)jnumber(&j); r->has_after = 1; }
      else if (!strcmp(key, "cancel")) { r->cancel = (long)jnumber(&j); r->is_cancel = 1; }
      else if (!strcmp(key, "grace")) { r->grace = jnumber(&j); r->has_grace = 1; }
      else if (!strcmp(key, "file")) { free(r->file); r->file = jstring(&j); }
      else if (!strcmp(key, "cwd")) { free(r->cwd); r->cwd = jstring(&j); }
      else if (!strcmp(key, "out")) { free(r->out); r->out = jstring(&j); }
      else if (!strcmp(key, "err")) { free(r->err); r->err = jstring(&j); }
      else if (!strcmp(key, "argv") && !r->argv) r->argv = jstrings(&j, &r->argc, 0);
      else if (!strcmp(key, "env") && !r->env) r->env = jstrings(&j, &r->envc, 1);
      else jskip(&j);
      free(key);
    } while (!j.bad && eat(&j, ','));
    if (!j.bad && !eat(&j, '}')) j.bad = 1;
  }
  if (!j.bad && !r->is_cancel && !(has_id && r->file && r->cwd && r->out && r->err && r->argv && r->argc > 0)) j.bad = 1;
  if (!j.bad && !r->env) { r->env = calloc(1, sizeof *r->env); }
  if (j.bad) { free_req(r); return NULL; }
  return r;
}

/* ---- jobs ---- */

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void remember_end(long id, int code) {
  ended[ended_next].id = id;
  ended[ended_next].code = code;
  ended_next = (ended_next + 1) % ENDED_KEPT;
  if (ended_count < ENDED_KEPT) ended_count++;
}

/* 1 and the code of the last end remembered for job `id`, 0 when none is. */
static int ended_code(long id, int *code) {
  for (int k = 1; k <= ended_count; k++) {
    int i = (ended_next - k + ENDED_KEPT) % ENDED_KEPT;
    if (ended[i].id == id) { *code = ended[i].code; return 1; }
  }
  return 0;
}

static Req *take_waiting(long after) {
  for (int i = 0; i < nwaiting; i++) {
    if (waiting[i].after == after) {
      Req *r = waiting[i].req;
      waiting[i] = waiting[--nwaiting];
      return r;
    }
  }
  return NULL;
}

/* Says a waiting job (NULL: none) will not be started, nor the jobs chained after it. */
static void drop(Req *r) {
  while (r) {
    reply('D', r->id, 0);
    Req *next = take_waiting(r->id);
    free_req(r);
    r = next;
  }
}

static Log *new_log(int rfd, const char *path) {
  Log *l = malloc(sizeof *l);
  l->rfd = rfd; l->fd = -1; l->path = strdup(path);
  fcntl(rfd, F_SETFL, fcntl(rfd, F_GETFL) | O_NONBLOCK);
  logs = grow(logs, &logs_cap, nlogs + 1, sizeof *logs);
  logs[nlogs++] = l;
  return l;
}

static void close_log(Log *l) {
  if (l->rfd < 0) return;
  close(l->rfd);
  l->rfd = -1;
  if (l->fd >= 0) close(l->fd);
  for (int i = 0; i < nlogs; i++) if (logs[i] == l) { logs[i] = logs[--nlogs]; break; }
  free(l->path);
  free(l);
}

/* Whether `l` (a job's log, or one polled this turn) is still open: a closed one is freed. */
static int log_is_open(const Log *l) {
  for (int n = 0; n < nlogs; n++) if (logs[n] == l) return 1;
  return 0;
}

/* Copies what the pipe holds now into the log (created at the first byte); closes it at EOF. */
static void pump(Log *l) {
  static char buf[1 << 16];
  for (;;) {
    ssize_t n = read(l->rfd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) { close_log(l); return; }
    if (l->fd < 0) l->fd = open(l->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (l->fd >= 0) write_all(l->fd, buf, (size_t)n); /* the job's dir is gone: nowhere to go */
  }
}

/* The spawner's own environment, which every job's starts from, and the length of each entry's key. */
static int base_envc;
static size_t *base_key_len;

static void index_base_env(void) {
  while (environ[base_envc]) base_envc++;
  base_key_len = malloc(sizeof *base_key_len * (size_t)(base_envc + 1));
  for (int i = 0; i < base_envc; i++) {
    const char *eq = strchr(environ[i], '=');
    base_key_len[i] = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
  }
}

/* The job's environment: the spawner's own with the request's entries replacing or added. */
static char **job_env(const Req *r) {
  char **env = malloc(sizeof *env * (size_t)(base_envc + r->envc + 1));
  char *used = calloc((size_t)r->envc + 1, 1);
  int n = 0;
  for (int i = 0; i < base_envc; i++) {
    size_t kl = base_key_len[i];
    int k = 0;
    for (; k < r->envc; k++) if (!strncmp(r->env[k], environ[i], kl) && r->env[k][kl] == '=') break;
    if (k < r->envc) { if (!used[k]) { env[n++] = r->env[k]; used[k] = 1; } }
    else env[n++] = environ[i];
  }
  for (int k = 0; k < r->envc; k++) if (!used[k]) env[n++] = r->env[k];
  env[n] = NULL;
  free(used);
  return env;
}

static volatile int child_errno;

/* The job's pid once its exec succeeded; -1 with *err its errno when it could not be started. */
static pid_t spawn_job(const Req *r, int out_w, int err_w, int *err) {
  char **volatile env = job_env(r);
  /* A script without a #! line runs under sh, as execvp (and so Node's spawn) does it. */
  char **volatile sh_argv = malloc(sizeof *sh_argv * (size_t)(r->argc + 2));
  sh_argv[0] = "sh"; sh_argv[1] = r->file;
  for (int i = 1; i <= r->argc; i++) sh_argv[i + 1] = r->argv[i];
  sigset_t none;
  sigemptyset(&none);
  child_errno = 0;
  pid_t pid = vfork();
  if (pid == 0) {
    setpgid(0, 0);
    if (dup2(devnull, 0) < 0 || dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0 || chdir(r->cwd) < 0) { child_errno = errno; _exit(127); }
    signal(SIGPIPE, SIG_DFL); /* the only disposition this process changed; the job gets defaults */
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(r->file, r->argv, env);
    if (errno == ENOEXEC) execve("/bin/sh", sh_argv, env);
    child_errno = errno ? errno : EINVAL;
    _exit(127);
  }
  int why = pid < 0 ? errno : child_errno;
  free(env);
  free(sh_argv);
  if (pid > 0 && why) waitpid(pid, NULL, 0);
  if (pid < 0 || why) { *err = why; return -1; }
  return pid;
}

static void start(Req *r) {
  int out[2], errp[2], why = 0;
  pid_t pid = -1;
  if (pipe2(out, O_CLOEXEC) < 0) why = errno;
  else if (pipe2(errp, O_CLOEXEC) < 0) { why = errno; close(out[0]); close(out[1]); }
  else {
    pid = spawn_job(r, out[1], errp[1], &why);
    close(out[1]);
    close(errp[1]);
    if (pid < 0) { close(out[0]); close(errp[0]); }
  }
  if (pid < 0) {
    reply('E', r->id, why);
    remember_end(r->id, NEVER_STARTED);
    drop(take_waiting(r->id));
    free_req(r);
    return;
  }
  jobs = grow(jobs, &jobs_cap, njobs + 1, sizeof *jobs);
  Job *job = &jobs[njobs++];
  job->pid = pid; job->req = r; job->kill_pending = 0;
  job->logs[0] = new_log(out[0], r->out);
  job->logs[1] = new_log(errp[0], r->err);
  reply('S', r->id, pid);
}

static int is_pending(long id) {
  for (int i = 0; i < nwaiting; i++) if (waiting[i].req->id == id) return 1;
  for (int i = 0; i < njobs; i++) if (jobs[i].req->id == id) return 1;
  return 0;
}

/* `waiting` and `jobs` hold orch's look-ahead and n_jobs entries at most: scans are short. */
static void request(Req *r) {
  if (r->is_cancel) {
    for (int i = 0; i < nwaiting; i++) {
      if (waiting[i].req->id == r->cancel) { drop(take_waiting(waiting[i].after)); break; }
    }
    free_req(r);
    return;
  }
  int code;
  if (!r->has_after || (ended_code(r->after, &code) && code == 0)) start(r);
  else if (is_pending(r->after)) {
    waiting = grow(waiting, &waiting_cap, nwaiting + 1, sizeof *waiting);
    waiting[nwaiting].after = r->after;
    waiting[nwaiting++].req = r;
  } else {
    reply('D', r->id, 0); /* it failed, or orch asked too late: orch decides */
    free_req(r);
  }
}

static void reap(void) {
  while (njobs > 0) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;
    int i = 0;
    while (i < njobs && jobs[i].pid != pid) i++;
    if (i == njobs) continue;
    Job job = jobs[i];
    jobs[i] = jobs[--njobs];
    int code = WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
    kill(-pid, SIGKILL); /* the job's leftovers (a background child) end with it */
    /* What it wrote before it ended is in its logs before orch hears of the end. */
    for (int k = 0; k < 2; k++) if (log_is_open(job.logs[k])) pump(job.logs[k]);
    long id = job.req->id;
    remember_end(id, code);
    Req *next = take_waiting(id);
    reply('X', id, code);
    free_req(job.req);
    if (next && code == 0) start(next);
    else drop(next);
  }
}

/* Orch is gone: its jobs get SIGTERM now, and SIGKILL if they still run when their grace is over. */
static void stop_jobs(void) {
  double t = now_s();
  for (int i = 0; i < njobs; i++) {
    kill(-jobs[i].pid, SIGTERM);
    jobs[i].kill_pending = 1;
    jobs[i].kill_at = t + (jobs[i].req->has_grace ? jobs[i].req->grace : DEFAULT_GRACE_MS) / 1000.0;
  }
}

/* Ms until the next SIGKILL is due (0: now), -1 when none is; due ones are sent. */
static int kill_late_jobs(void) {
  double t = now_s(), next = -1;
  for (int i = 0; i < njobs; i++) {
    if (!jobs[i].kill_pending) continue;
    if (jobs[i].kill_at <= t) { kill(-jobs[i].pid, SIGKILL); jobs[i].kill_pending = 0; }
    else if (next < 0 || jobs[i].kill_at - t < next) next = jobs[i].kill_at - t;
  }
  return next < 0 ? -1 : (int)(next * 1000) + 1;
}

static void orch_went_away(void) {
  orch_gone = 1;
  for (int i = 0; i < nwaiting; i++) free_req(waiting[i].req);
  nwaiting = 0;
  /* Whoever ran orch waits for its output pipes to close: they are not ours to hold. */
  dup2(devnull, 0); dup2(devnull, 1); dup2(devnull, 2);
  stop_jobs();
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  index_base_env();
  devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
  if (devnull < 0 || sigfd < 0) { perror("orch-spawner"); return 1; }
  char *pending = NULL; size_t pending_len = 0, pending_cap = 0;
  struct pollfd *fds = NULL; int fds_cap = 0;
  Log **polled = NULL; int polled_cap = 0;
  while (!orch_gone || njobs > 0 || nlogs > 0) {
    int nfds = 0;
    fds = grow(fds, &fds_cap, nlogs + 2, sizeof *fds);
    polled = grow(polled, &polled_cap, nlogs + 2, sizeof *polled);
    fds[nfds++] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
    if (!orch_gone) fds[nfds++] = (struct pollfd){ .fd = 0, .events = POLLIN };
    int first_log = nfds;
    for (int i = 0; i < nlogs; i++) { polled[nfds] = logs[i]; fds[nfds++] = (struct pollfd){ .fd = logs[i]->rfd, .events = POLLIN }; }
    int timeout = kill_late_jobs();
    if (poll(fds, (nfds_t)nfds, timeout) < 0 && errno != EINTR) { perror("orch-spawner: poll"); return 1; }
    if (fds[0].revents) { struct signalfd_siginfo si[16]; while (read(sigfd, si, sizeof si) > 0) {} }
    for (int i = first_log; i < nfds; i++) {
      /* A log closed earlier in this turn is not touched again. */
      if (fds[i].revents && log_is_open(polled[i])) pump(polled[i]);
    }
    if (!orch_gone && fds[1].revents) {
      if (pending_cap - pending_len < (1 << 16)) {
        pending_cap = pending_cap ? pending_cap * 2 : (1 << 17);
        pending = realloc(pending, pending_cap);
        if (!pending) { perror("orch-spawner"); return 1; }
      }
      ssize_t n = read(0, pending + pending_len, 1 << 16);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) n = -2;
      if (n == 0 || n == -1) orch_went_away();
      else if (n > 0) {
        pending_len += (size_t)n;
        size_t from = 0;
        for (size_t k = 0; k < pending_len; k++) {
          if (pending[k] != '\n') continue;
          if (k > from) {
            long id;
            Req *r = parse_request(pending + from, k - from, &id);
            if (r) request(r);
            else if (id >= 0) reply('E', id, 0);
          }
          from = k + 1;
        }
        memmove(pending, pending + from, pending_len - from);
        pending_len -= from;
      }
    }
    reap();
    flush_replies();
  }
  return 0;
}
