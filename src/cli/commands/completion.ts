/**
 * Shell completion. The completion function runs entirely in the shell (find/awk over the config
 * tree) instead of calling back into node: a node start alone costs ~80 ms, and completion must
 * answer in well under 100 ms. It completes commands and tasks, `group=option`, and `key=` for keys
 * of the primary config and of each group's options (as `group.key`).
 */
import { OrchError } from '../../errors.js';

const BASH = String.raw`# orch completion for bash. Install: orch completion bash > ~/.orch-completion.bash && echo 'source ~/.orch-completion.bash' >> ~/.bashrc
_orch_config_dir() {
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${'$'}{COMP_WORDS[i]}" in
      --config-dir=*) echo "${'$'}{COMP_WORDS[i]#--config-dir=}"; return ;;
      --config-dir) echo "${'$'}{COMP_WORDS[i+1]}"; return ;;
    esac
  done
  echo config
}
_orch_keys() { # dotted keys of the task's primary config and of every group option (block YAML), one awk pass
  local dir="$1" task="$2"
  find "$dir" -mindepth 2 -name '*.yaml' ! -name '_schema.yaml' ! -name '*.schema.yaml' 2>/dev/null | { [[ -f "$dir/$task.yaml" ]] && echo "$dir/$task.yaml"; cat; } |
  xargs -r -d '\n' awk -v root="$dir/" '
    FNR == 1 {
      rel = substr(FILENAME, length(root) + 1); n = split(rel, parts, "/")
      prefix = ""; for (i = 1; i < n; i++) prefix = prefix parts[i] "."
      depth = 0; skip = 0
    }
    /^[[:space:]]*#/ || /^[[:space:]]*$/ || /^[[:space:]]*-/ { next }
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
_orch() {
  local cur dir task words=() f g opt
  cur="${'$'}{COMP_WORDS[COMP_CWORD]}"
  dir="$(_orch_config_dir)"
  COMPREPLY=()
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "--multirun --cfg --resolve --info --config-name --config-dir --dry-run --no-wait --help --version --debug" -- "$cur"))
    return
  fi
  if [[ $COMP_CWORD -eq 1 ]]; then
    for f in "$dir"/*.yaml; do [[ -e "$f" && "$f" != *.schema.yaml ]] && words+=("$(basename "$f" .yaml)"); done
    words+=(compose report resume status rerun completion)
    COMPREPLY=($(compgen -W "${'$'}{words[*]}" -- "$cur"))
    return
  fi
  task="${'$'}{COMP_WORDS[1]}"
  local prefix="" body="$cur"
  case "$cur" in ++*) prefix="++"; body="${'$'}{cur#++}" ;; +*) prefix="+"; body="${'$'}{cur#+}" ;; ~*) prefix="~"; body="${'$'}{cur#\~}" ;; esac
  if [[ "$body" == *=* ]]; then
    g="${'$'}{body%%=*}"; g="${'$'}{g%%@*}"
    if [[ -d "$dir/$g" ]]; then
      # options in any config format; schema files (_schema.yaml, NAME.schema.yaml) are not options
      for f in "$dir/$g"/*.yaml "$dir/$g"/*.toml "$dir/$g"/*.json; do
        b="${'$'}{f##*/}"; [[ -e "$f" && "$b" != _schema.* && "$b" != *.schema.* ]] && words+=("$prefix${'$'}{body%%=*}=${'$'}{b%.*}")
      done
      COMPREPLY=($(compgen -W "${'$'}{words[*]}" -- "$cur"))
    fi
    return
  fi
  while IFS= read -r g; do words+=("$prefix${'$'}{g#$dir/}="); done < <(find "$dir" -mindepth 1 -type d 2>/dev/null)
  while IFS= read -r opt; do words+=("$prefix$opt="); done < <(_orch_keys "$dir" "$task")
  compopt -o nospace 2>/dev/null
  COMPREPLY=($(compgen -W "$(printf '%s\n' "${'$'}{words[@]}" | sort -u)" -- "$cur"))
}
complete -F _orch orch
`;

const ZSH = `# orch completion for zsh: uses bash's completion function through bashcompinit.
autoload -U +X bashcompinit && bashcompinit
${BASH}`;

export async function completionCommand(opts: { shell?: string; configDir?: string }): Promise<number> {
  const shell = opts.shell ?? 'bash';
  if (shell !== 'bash' && shell !== 'zsh') {
    throw new OrchError('COMPLETION_SHELL', `Unknown shell '${shell}' for completion.`, { hint: 'Supported: bash, zsh (e.g. orch completion bash).' });
  }
  process.stdout.write(shell === 'bash' ? BASH : ZSH);
  return 0;
}
