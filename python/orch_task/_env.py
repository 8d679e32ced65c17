"""The job's facts as orch passes them in the environment, and its config as an object."""
from __future__ import annotations

import difflib
import json
import os
from typing import Any, Dict, Iterable, List, Optional

HOW_TO_RUN = (
    'Run it as an orch task: `orch <task>` runs runs/<task>.py (or set orch.task.command: '
    '[python3, your_script.py] in the config); to rerun one job by hand, set '
    'ORCH_CONFIG=<job dir>/.orch/config.json and ORCH_OUTPUT_DIR=<job dir>.'
)


class OrchTaskError(RuntimeError):
    """The task's environment or files are not what orch provides; the message says what to do."""


class UnresolvedValueError(OrchTaskError, KeyError):
    """
    The value cannot be resolved (a dangling interpolation, a failing resolver, ``???``): orch kept
    it as written in config.json and raises this where it is read through ``cfg.x`` / ``cfg["x"]`` /
    ``cfg.get("x")``, as OmegaConf raises where a Hydra app reads it. ``omegaconf_error`` names the
    exception OmegaConf would raise (InterpolationKeyError, MissingMandatoryValue, ...).
    """

    def __init__(self, key: str, written: str, omegaconf_error: str, message: str) -> None:
        super().__init__(f'{omegaconf_error}: {message} (written as {written!r}; orch kept it unresolved)')
        self.key, self.written, self.omegaconf_error = key, written, omegaconf_error

    def __str__(self) -> str:
        return str(self.args[0])


def require_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise OrchTaskError(f'{name} is not set: this script is not running under orch. {HOW_TO_RUN}')
    return value


class Config(Dict[str, Any]):
    """
    A config mapping: item access for every key (``cfg["val/loss"]``), attribute access for keys
    that are identifiers and not dict methods (``cfg.model.width``; ``cfg["items"]`` for a key
    named ``items``). It is a real dict, so ``json.dumps(cfg)``, ``dict(cfg)``, ``**cfg``, pickle
    and deepcopy behave as for the JSON object it was read from.
    """

    __slots__ = ('_unreadable',)

    def __getitem__(self, key: Any) -> Any:
        value = dict.__getitem__(self, key)
        try:
            bad = object.__getattribute__(self, '_unreadable')
        except AttributeError:
            return value
        if key in bad:
            raise bad[key]
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        return self[key] if key in self else default

    def __getattr__(self, name: str) -> Any:
        # Dunder lookups (copy, pickle, IPython) must see "no such attribute", never a config key.
        if name.startswith('__'):
            raise AttributeError(name)
        try:
            return self[name]
        except UnresolvedValueError:
            raise
        except KeyError:
            raise AttributeError(missing_key_message(name, self)) from None

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __setitem__(self, key: Any, value: Any) -> None:
        # A value the task sets itself is readable.
        try:
            object.__getattribute__(self, '_unreadable').pop(key, None)
        except AttributeError:
            pass
        dict.__setitem__(self, key, value)

    def __delattr__(self, name: str) -> None:
        try:
            del self[name]
        except KeyError:
            raise AttributeError(missing_key_message(name, self)) from None

    def __missing__(self, key: Any) -> Any:
        raise KeyError(missing_key_message(key, self))

    def __dir__(self) -> List[str]:
        return sorted(set(dir(dict)) | {k for k in self if isinstance(k, str) and k.isidentifier()})


def missing_key_message(key: Any, keys: Iterable[Any]) -> str:
    names = [k for k in keys if isinstance(k, str)]
    close = difflib.get_close_matches(str(key), names, n=1)
    hint = f' Did you mean {close[0]!r}?' if close else ''
    return f'no config key {key!r} (keys here: {", ".join(names) or "none"}).{hint}'


_configs: Dict[str, Config] = {}


def config(path: Optional[str] = None) -> Config:
    """
    The job's resolved config, read from ORCH_CONFIG (or ``path``) once and cached. Values are as
    Python's json reads orch's file: ``lr=inf`` is ``float('inf')``, ``nan`` is a float NaN, a float
    keeps being a float (``1.0``), lists stay lists. Integers are exact up to 2**53: orch holds
    config numbers as doubles, so a larger one arrives rounded (pass it as a string).
    """
    file = os.path.abspath(path or require_env('ORCH_CONFIG'))
    cached = _configs.get(file)
    if cached is None:
        cached = _configs[file] = read_config(file)
    return cached


def read_config(file: str) -> Config:
    try:
        with open(file, encoding='utf-8') as f:
            data = json.load(f, object_hook=Config)
    except OSError as e:
        raise OrchTaskError(f'cannot read the job config {file}: {e.strerror}. {HOW_TO_RUN}') from None
    except json.JSONDecodeError as e:
        raise OrchTaskError(f'{file}:{e.lineno}:{e.colno}: not valid JSON ({e.msg}); orch writes this file, '
                            'was it edited by hand?') from None
    if not isinstance(data, Config):
        raise OrchTaskError(f'{file}: a job config is a JSON object, got {type(data).__name__}')
    mark_unreadable(data, os.path.join(os.path.dirname(file), 'unresolved.json'))
    return data


def mark_unreadable(cfg: Config, listing: str) -> None:
    """Values orch listed as unresolved raise on reading (dict values; a list item reads as written)."""
    try:
        with open(listing, encoding='utf-8') as f:
            values = json.load(f).get('values', [])
    except (OSError, ValueError):
        return
    for u in values:
        *parents, last = u['path']
        node: Any = cfg
        for seg in parents:
            node = dict.get(node, seg) if isinstance(node, dict) else (node[seg] if isinstance(node, list) and isinstance(seg, int) and seg < len(node) else None)
        if not isinstance(node, Config) or last not in node:
            continue
        try:
            bad = object.__getattribute__(node, '_unreadable')
        except AttributeError:
            bad = {}
            object.__setattr__(node, '_unreadable', bad)
        bad[last] = UnresolvedValueError(u['key'], u['written'], u['error'], u['message'])


def output_dir() -> str:
    """The job's output directory (ORCH_OUTPUT_DIR): logs, metrics.json, history.jsonl, checkpoints."""
    return require_env('ORCH_OUTPUT_DIR')


def job_num() -> int:
    """The job's number in its sweep (ORCH_JOB_NUM; 0 for a single run)."""
    return int(require_env('ORCH_JOB_NUM'))


def sweep_dir() -> str:
    """The sweep's directory (ORCH_SWEEP_DIR; the job's own directory for a single run)."""
    return require_env('ORCH_SWEEP_DIR')


def device() -> str:
    """``ORCH_DEVICE`` when the launcher set it, ``cuda:0`` when CUDA devices are visible, else ``cpu``."""
    if os.environ.get('ORCH_DEVICE'):
        return os.environ['ORCH_DEVICE']
    visible = os.environ.get('CUDA_VISIBLE_DEVICES', '').strip()
    return 'cuda:0' if visible and visible not in ('-1', 'NoDevFiles') else 'cpu'
