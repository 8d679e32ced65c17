#!/usr/bin/env bash
# Re-runs the attacks of the "Trust" issue against the built orch (dist/bundle/orch.cjs) in a scratch
# project and prints one line per attack: what happened, and whether it is acceptable.
# Usage: bash scripts/attacks.sh [ORCH_BIN]   (exit 0 when every attack is handled)
set -uo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:-$REPO/dist/bundle/orch.cjs}"
P="$(mktemp -d /tmp/orch-attacks-XXXXXX)"
trap 'rm -rf "$P"' EXIT
orch() { node "$BIN" "$@"; }
cd "$P"
git init -q . && git -c user.email=a@b -c user.name=a commit -q --allow-empty -m init
mkdir -p config runs outputs
cat > config/argv.yaml <<'EOF'
seed: 0
orch:
  task:
    command: [python3, -c, "import sys; print(sys.argv[1:])", "--seed=${seed}"]
EOF
cat > config/noop.yaml <<'EOF'
a: 0
b: 0
orch:
  task:
    command: ["true"]
EOF
cat > config/dir.yaml <<'EOF'
name: x
orch:
  task:
    command: ["true"]
EOF
cat > config/job.yaml <<'EOF'
seed: 0
orch:
  task:
    command: [python3, -c, "import time,sys; print('job', sys.argv[1]); time.sleep(0.2)", "${seed}"]
EOF
cat > config/nan.yaml <<'EOF'
lr: 0.1
orch:
  task:
    command: [python3, -c, "import json,os,math; c=json.load(open(os.environ['ORCH_CONFIG'])); json.dump({'acc': float('nan'), 'converged': True, 'lr_is_inf': math.isinf(c['lr'])}, open(os.path.join(os.environ['ORCH_OUTPUT_DIR'],'metrics.json'),'w'))"]
EOF
cat > config/proto.yaml <<'EOF'
a: 1
EOF
cat > runs/proto.ts <<'EOF'
export default async function (cfg: Record<string, unknown>) {
  if (Object.getPrototypeOf(cfg) !== null && ({} as Record<string, unknown>).polluted !== undefined) throw new Error('polluted');
  const inherited = [] as string[];
  for (const k in cfg) if (!Object.prototype.hasOwnProperty.call(cfg, k)) inherited.push(k);
  if (inherited.length || (cfg as { x?: unknown }).x === 1) throw new Error('inherited keys: ' + inherited.join(','));
  return { ok: 1 };
}
EOF
mkdir -p config/model && echo 'w: 1' > config/model/a.yaml
mkdir -p /tmp/orch-attack-elsewhere && echo 'evil: 1' > /tmp/orch-attack-elsewhere/x.yaml
echo 'echo ran-outside' > /tmp/orch-attack-elsewhere/x.sh

pass=0; fail=0
sweep() { ls -td outputs/multirun/*/*/ | head -1 | sed "s,/$,,"; }
verdict() { # name ok(0/1) detail
  if [ "$2" = 0 ]; then pass=$((pass+1)); printf 'ok    %-34s %s\n' "$1" "$3"; else fail=$((fail+1)); printf 'FAIL  %-34s %s\n' "$1" "$3"; fi
}
nostack() { ! grep -qE 'internal error|^\s+at .*\(.*:[0-9]+:[0-9]+\)|RangeError|EMFILE' "$1"; }

# 1. every job runs its own command line
orch argv 'seed=1,2,3' -m > o1 2>&1
S=$(sweep)/
got=$(cat "$S"/*/stdout.log 2>/dev/null | sort | tr '\n' ' ')
[ "$got" = "['--seed=1'] ['--seed=2'] ['--seed=3'] " ]; verdict "1 per-job argv" $? "$got"

# 2. a value in an output path cannot escape the sweep
orch noop 'a=1,2' -m > o2a 2>&1; A=$(sweep)
before=$(cat "$A/0/.orch/"* 2>/dev/null | md5sum)
orch dir "name=\"../$(basename "$A")/0\"" -m 'orch.sweep.subdir=${name}' > o2b 2>&1; c2=$?
after=$(cat "$A/0/.orch/"* 2>/dev/null | md5sum)
orch dir 'name="../../../../../tmp/orch-attack-escaped"' -m 'orch.sweep.subdir=${name}' > o2c 2>&1
[ "$before" = "$after" ] && [ ! -e /tmp/orch-attack-escaped ] && nostack o2b && nostack o2c; verdict "2 dir escape" $? "exit $c2, A/0 untouched: $([ "$before" = "$after" ] && echo yes || echo NO)"

# 3. two resumes at once: one wins the lock (orch SIGKILLed mid-sweep first)
cat > config/slow.yaml <<'EOF2'
i: 0
orch:
  task:
    command: [python3, -c, "import time,os; open(os.path.join(os.environ['ORCH_OUTPUT_DIR'],'ran'),'a').write('x'); time.sleep(1)"]
EOF2
node "$BIN" slow 'i=range(4)' -m orch.launcher.n_jobs=2 > /dev/null 2>&1 & OP=$!
for _ in $(seq 100); do ls outputs/multirun/*/*/*/ran >/dev/null 2>&1 && break; sleep 0.1; done
kill -9 $OP; wait $OP 2>/dev/null; S=$(sweep)/; sleep 1.5
before=$(cat "$S"*/ran 2>/dev/null | wc -c)
( orch resume "$S" > o3a 2>&1; echo $? > c3a ) & ( orch resume "$S" > o3b 2>&1; echo $? > c3b ) & wait
runs=$(cat "$S"*/ran 2>/dev/null | wc -c)
codes="$(cat c3a) $(cat c3b)"
done3=$(orch status "$S" --json 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['counts'].get('completed',0))" 2>/dev/null)
{ [ "$codes" = "0 2" ] || [ "$codes" = "2 0" ]; } && [ "$done3" = 4 ] && [ $((runs - before)) -le 4 ]; verdict "3 concurrent resume" $? "exit codes $codes, starts before/after $before/$runs, completed $done3/4"

# 5. NaN / bool metrics; inf config to Python
orch nan 'lr=inf' > o5 2>&1; c5=$?
R=$(ls -td outputs/2*/*/ | head -1)
st=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['status'])" "$R/.orch/run.json" 2>/dev/null)
isinf=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['lr_is_inf'])" "$R/metrics.json" 2>/dev/null)
[ "$c5" = 0 ] && [ "$st" = completed ] && [ "$isinf" = True ]; verdict "5 NaN/bool metrics, inf config" $? "exit $c5, status $st, python saw inf: $isinf"

# 6. 3000 jobs under ulimit -n 1024
( ulimit -n 1024; node "$BIN" noop 'a=range(3000)' -m orch.launcher.n_jobs=2 > o6 2>&1; echo $? > c6 )
S=$(sweep)/
[ "$(cat c6)" = 0 ] && nostack o6; verdict "6 3000 jobs, ulimit -n 1024" $? "exit $(cat c6)"

# 7. closed pipe / SIGHUP
orch job 'seed=range(6)' -m 2>&1 | head -3 > /dev/null; S=$(sweep)/
sleep 3
done7=$(orch status "$S" --json 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['counts'].get('completed',0))" 2>/dev/null)
orch status "$S" 2>o7b | head -1 > /dev/null
[ "$done7" = 6 ] && nostack o7b; verdict "7 closed pipe" $? "completed after head -3: $done7/6"
node "$BIN" slow 'i=range(4)' -m orch.launcher.n_jobs=2 > o7c 2>&1 & OP=$!
sleep 1.5; kill -HUP $OP; wait $OP; c7=$?
sleep 0.5; orphans=$(pgrep -f "os.environ\['ORCH_OUTPUT_DIR'\],'ran'" | wc -l)
[ "$orphans" = 0 ] && [ "$c7" != 0 ]; verdict "7 SIGHUP" $? "exit $c7, orphans $orphans"

# 8. deep nesting, long names
python3 -c "
d=2000
print('\n'.join(('  '*i)+'k:' for i in range(d)) + ' 1')" > config/deep.yaml
echo 'orch: {task: {command: ["true"]}}' >> /dev/null
orch deep --cfg job > o8a 2>&1; c8a=$?
orch noop "+x=$(python3 -c "print('['*2000 + ']'*2000)")" --cfg job > o8b 2>&1; c8b=$?
orch noop "+name=$(python3 -c "print('a'*300)")" -m 'orch.sweep.subdir=${name}' > o8c 2>&1; c8c=$?
[ "$c8a" = 2 ] && [ "$c8b" = 2 ] && nostack o8a && nostack o8b && nostack o8c && [ "$c8c" != 70 ]; verdict "8 nesting, long names" $? "exits $c8a $c8b $c8c"

# 9. alias bomb
cat > config/bomb.yaml <<'EOF'
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
EOF
timeout 30 node "$BIN" bomb --cfg job > o9 2>&1; c9=$?
[ "$c9" = 2 ] && nostack o9 && grep -q bomb.yaml o9; verdict "9 alias bomb" $? "exit $c9"

# 10. names, not paths
orch noop 'model=../../../../tmp/orch-attack-elsewhere/x' --cfg job > o10a 2>&1; c10a=$?
orch ../../../../tmp/orch-attack-elsewhere/x > o10b 2>&1; c10b=$?
orch noop 'a=1,2' -m > /dev/null 2>&1; S=$(sweep)/
rm -f "$S/0/stderr.log"; ln -s /etc/shadow "$S/0/stderr.log"
orch report "$S" > o10c 2>&1
! grep -rq 'root:' "$S/report" 2>/dev/null && [ "$c10a" = 2 ] && [ "$c10b" = 2 ] && ! grep -q ran-outside o10b; verdict "10 names not paths, symlinks" $? "exits $c10a $c10b"

# 11. __proto__
orch proto '+__proto__={x:1}' > o11 2>&1; c11=$?
nostack o11 && { [ "$c11" = 0 ] || [ "$c11" = 2 ]; }; verdict "11 __proto__" $? "exit $c11"

echo "attacks: $pass passed, $fail failed"
[ "$fail" = 0 ]
