/**
 * Shell completion. Candidates are computed entirely in the shell (find/awk over the config tree)
 * instead of calling back into node: a node start alone costs ~80 ms, and completion must answer in
 * well under 100 ms. `_orch_candidates LINE` prints every full word that may follow the command line
 * LINE (text up to the cursor); the bash and zsh front ends only fit those words to their shells.
 * orch's own words (`orch.*` settings, the launcher and sweeper presets) are written into the script
 * when it is generated, from orch's base config and presets.
 */
import { OrchError } from '../../errors.js';
import { orchCompletionWords } from './completion-words.js';
import { BUILTIN_CONFIG_DIR } from '../../orch-root.js';

const SUBCOMMANDS = 'compose report resume status rerun completion schema types runs note sync archive';
const FLAGS = '--multirun --cfg --resolve --info --config-name --config-dir --dry-run --json --no-wait --help --version --debug';

const D = '$';
const CANDIDATES = String.raw`_orch_root() { # the project root, found as orch finds it (project-root.ts)
  local d="$PWD" pkg=""
  while :; do
    [[ -d "$d/config" ]] && { echo "$d"; return; }
    [[ -z "$pkg" && -f "$d/package.json" ]] && pkg="$d"
    [[ -e "$d/.git" || "$d" == / || -z "$d" ]] && break
    d="${D}{d%/*}"; [[ -z "$d" ]] && d=/
  done
  echo "${D}{pkg:-$PWD}"
}
_orch_keys() { # dotted keys of the task's primary config and of every group option (block YAML), one awk pass
  local dir="$1" task="$2"
  find "$dir" -mindepth 2 -name '*.yaml' ! -name '_schema.yaml' ! -name '*.schema.yaml' 2>/dev/null | { [[ -f "$dir/$task.yaml" ]] && echo "$dir/$task.yaml"; cat; } |
  xargs -r -d '\n' awk -v root="$dir/" '
    FNR == 1 {
      rel = substr(FILENAME, length(root) + 1); n = split(rel, parts, "/")
      prefix = ""; for (i = 1; i < n; i++) prefix = prefix parts[i] "."
      depth = 0; skip = 0; started = 0; skipfile = 0
    }
    skipfile { next }
    # The "# @package" header of an option places its keys: _global_ at the top, where the keys of
    # the primary config are already offered (under the group name they would be refused).
    n > 1 && !started && /^#[[:space:]]*@package[[:space:]]/ {
      pkg = $0; sub(/^#[[:space:]]*@package[[:space:]]+/, "", pkg); sub(/[[:space:]].*$/, "", pkg)
      if (pkg == "_global_") { skipfile = 1; next }
      sub(/^_global_[.]/, "", pkg); prefix = pkg "."
      next
    }
    /^[[:space:]]*#/ || /^[[:space:]]*$/ || /^[[:space:]]*-/ { next }
    { started = 1 }
    {
      match($0, /^ */); ind = RLENGTH
      line = substr($0, ind + 1)
      if (line !~ /^[A-Za-z0-9_$.-]+:/) next
      key = substr(line, 1, index(line, ":") - 1)
      if (ind == 0 && key == "defaults") { skip = 1; next }
      if (ind == 0) skip = 0
      if (skip) next
      while (depth > 0 && ind <= indent[depth]) depth--
      depth++; indent[depth] = ind; name[depth] = key
      path = name[1]; for (d = 2; d <= depth; d++) path = path "." name[d]
      print prefix path
    }'
}
_orch_options() { # options of group $2 in config dir $1 (any config format; schema files are not options)
  local f b
  for f in "$1/$2"/*.yaml "$1/$2"/*.toml "$1/$2"/*.json; do
    b="${D}{f##*/}"; [[ -e "$f" && "$b" != _schema.* && "$b" != *.schema.* ]] && echo "${D}{b%.*}"
  done
}
_orch_candidates() { # every full word that may follow the command line "$1" (text up to the cursor), one a line
  local line="$1" cur="" words=() w
  read -ra words <<< "$line"
  if [[ "$line" != *[[:space:]] && ${D}{#words[@]} -gt 1 ]]; then cur="${D}{words[${D}{#words[@]}-1]}"; unset 'words[${D}{#words[@]}-1]'; fi
  _orch_all_words | awk -v p="$cur" 'index($0, p) == 1'
  return 0
}
_orch_all_words() { # the words for "$cur" after "${D}{words[@]}" (the caller's locals), unfiltered
  local i dir task="" name="" prefix="" body g w
  dir="$(_orch_root)/config"
  for ((i = 1; i < ${D}{#words[@]}; i++)); do
    case "${D}{words[i]}" in
      --config-dir=*) dir="${D}{words[i]#--config-dir=}" ;;
      --config-dir) dir="${D}{words[i+1]}" ;;
      --config-name=*) name="${D}{words[i]#--config-name=}" ;;
      -c|--config-name) name="${D}{words[i+1]}" ;;
    esac
  done
  if [[ "$cur" == -* ]]; then printf '%s\n' ${FLAGS}; return; fi
  if [[ ${D}{#words[@]} -le 1 ]]; then
    for w in "$dir"/*.yaml "$dir"/*.toml "$dir"/*.json; do [[ -e "$w" && "$w" != *.schema.* ]] && { w="${D}{w##*/}"; echo "${D}{w%.*}"; }; done
    printf '%s\n' ${SUBCOMMANDS}
    return
  fi
  task="${D}{words[1]}"
  case "$task" in compose) ;; report|resume|status|rerun|completion|schema|types|runs|note|sync|archive|_run-job) return ;; *) name="${D}{name:-$task}" ;; esac
  case "$cur" in ++*) prefix="++"; body="${D}{cur#++}" ;; +*) prefix="+"; body="${D}{cur#+}" ;; ~*) prefix="~"; body="${D}{cur#\~}" ;; *) body="$cur" ;; esac
  if [[ "$body" == *=* ]]; then
    g="${D}{body%%=*}"; g="${D}{g%%@*}"
    { _orch_options "$dir" "$g"; _orch_options "$_ORCH_BUILTIN" "$g"; } | sort -u | while IFS= read -r w; do echo "$prefix${D}{body%%=*}=$w"; done
    case "${D}{body%%=*}" in
      orch.sweeper.name) printf "$prefix%s\n" orch.sweeper.name=basic orch.sweeper.name=random orch.sweeper.name=tpe ;;
      orch.launcher.name) _orch_options "$_ORCH_BUILTIN" launcher | sed "s/^/${D}prefix""orch.launcher.name=/" ;;
    esac
    return
  fi
  {
    {
      find "$dir" -mindepth 1 -type d 2>/dev/null | awk -v root="$dir/" '{ print substr($0, length(root) + 1) }'
      _orch_keys "$dir" "$name"
      printf '%s\n' $_ORCH_WORDS
    } | awk -v p="$prefix" '{ print p $0 "=" }'
    [[ "$prefix" == "" || "$prefix" == "+" ]] && printf '+%s=\n' $_ORCH_BUILTIN_GROUPS
  } | sort -u
}
`;

const BASH_FRONT = String.raw`_orch() {
  local line="${D}{COMP_LINE:0:COMP_POINT}" cur strip="" w
  cur="${D}{line##*[[:space:]]}"
  # Bash breaks words at '=' and ':' (COMP_WORDBREAKS) and replaces only what follows the last one.
  [[ "$COMP_WORDBREAKS" == *=* || "$COMP_WORDBREAKS" == *:* ]] && { w="${D}{cur##*[=:]}"; strip="${D}{cur%"$w"}"; }
  COMPREPLY=()
  while IFS= read -r w; do
    [[ "$w" == "$cur"* ]] && COMPREPLY+=("${D}{w#"$strip"}")
  done < <(_orch_candidates "$line")
  # group=, key=: the value comes next, no space
  [[ ${D}{#COMPREPLY[@]} -gt 0 && "${D}{COMPREPLY[*]}" == *= ]] && compopt -o nospace 2>/dev/null
  return 0
}
complete -F _orch orch
`;

const ZSH_FRONT = String.raw`_orch() {
  local -a cands open closed
  cands=("${D}{(@f)$(bash -c "$_ORCH_BASH_CANDIDATES"$'\n''_orch_candidates "$1"' orch "$LBUFFER")}")
  local w
  for w in $cands; do [[ -z "$w" ]] && continue; if [[ "$w" == *= ]]; then open+=("$w"); else closed+=("$w"); fi; done
  # group=, key=: the value comes next, no space
  (( ${D}{#open} )) && compadd -Q -S '' -- $open
  (( ${D}{#closed} )) && compadd -Q -- $closed
}
compdef _orch orch
`;

function preamble(): string {
  const { words, groups } = orchCompletionWords();
  return [
    `_ORCH_BUILTIN=${shellQuote(BUILTIN_CONFIG_DIR)}`,
    `_ORCH_BUILTIN_GROUPS=${shellQuote(groups.join(' '))}`,
    `_ORCH_WORDS=${shellQuote(words.join(' '))}`,
  ].join('\n') + '\n';
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function completionScript(shell: 'bash' | 'zsh'): string {
  const candidates = preamble() + CANDIDATES;
  if (shell === 'bash') {
    return `# orch completion for bash. Install: orch completion bash > ~/.orch-completion.bash && echo 'source ~/.orch-completion.bash' >> ~/.bashrc\n${candidates}${BASH_FRONT}`;
  }
  // zsh runs the candidate generator in bash (present wherever orch runs): one generator, two shells.
  return `# orch completion for zsh (needs compinit). Install: orch completion zsh > ~/.orch-completion.zsh && echo 'source ~/.orch-completion.zsh' >> ~/.zshrc\n`
    + `_ORCH_BASH_CANDIDATES=${shellQuote(candidates)}\n${ZSH_FRONT}`;
}

export async function completionCommand(opts: { shell?: string; configDir?: string }): Promise<number> {
  const shell = opts.shell ?? 'bash';
  if (shell !== 'bash' && shell !== 'zsh') {
    throw new OrchError({ code: 'COMPLETION_SHELL', message: `Unknown shell '${shell}' for completion.`, hint: 'Supported: bash, zsh (e.g. orch completion bash).' });
  }
  process.stdout.write(completionScript(shell));
  return 0;
}
