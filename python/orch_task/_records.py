"""history.jsonl and metrics.json, written as orch reads them (and as orch's TypeScript tasks write them)."""
from __future__ import annotations

import json
import os
import secrets
from typing import Any, Dict, Mapping, Optional

from ._env import output_dir

HISTORY_FILE = 'history.jsonl'
METRICS_FILE = 'metrics.json'


def plain(value: Any) -> Any:
    """numpy scalars/arrays and torch tensors as the numbers and lists they hold; anything else is an error."""
    if hasattr(value, 'tolist') and getattr(value, 'ndim', 0) != 0:
        return value.tolist()
    if hasattr(value, 'item'):
        return value.item()
    raise TypeError(f'{type(value).__name__} {value!r} is not JSON: records hold numbers, booleans, '
                    'strings, and dicts/lists of those')


def dumps(value: Any, indent: Optional[int] = None) -> str:
    # allow_nan: a diverged loss is written NaN, as orch writes and reads it; compact separators
    # make a Python line byte for byte what ctx.log writes in a TypeScript task.
    separators = (',', ': ') if indent else (',', ':')
    return json.dumps(value, allow_nan=True, ensure_ascii=False, separators=separators, indent=indent, default=plain)


def log(step: Optional[int] = None, **values: Any) -> Dict[str, Any]:
    """
    Appends one record to ``history.jsonl`` in the job's output directory: ``{"step": 3, "loss": 0.5}``
    (step first, when given). Each call is one line, written with one ``write`` to a file opened for
    appending, so it is on disk (and in ``orch report``'s learning curves) as soon as this returns.
    Keys that are not identifiers: ``log(step=1, **{"val/loss": 0.3})``.
    """
    record: Dict[str, Any] = {} if step is None else {'step': step}
    record.update(values)
    if not record:
        raise ValueError('orch_task.log: nothing to log (give step= and/or values, e.g. log(step=1, loss=0.5))')
    line = (dumps(record) + '\n').encode('utf-8')
    fd = os.open(os.path.join(output_dir(), HISTORY_FILE), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    return record


_metrics: Dict[str, Any] = {}


def metrics(values: Optional[Mapping[str, Any]] = None, /, **more: Any) -> Dict[str, Any]:
    """
    Merges ``values`` and keyword values into this job's metrics and rewrites ``metrics.json``
    whole; returns the merged object. Nested dicts merge key by key (``metrics(test={"acc": 0.9})``
    then ``metrics(test={"loss": 0.3})`` keeps both); any other value replaces the earlier one.
    Only this process's calls are merged: a metrics.json already on disk (an earlier run in the
    same directory) is replaced, never mixed into this one's result. The file is replaced
    atomically, so orch (or a report running meanwhile) never reads half of it.
    """
    merged = merge(_metrics, {**(values or {}), **more})
    text = dumps(merged, indent=2) + '\n'
    write_atomic(os.path.join(output_dir(), METRICS_FILE), text)
    _metrics.clear()
    _metrics.update(merged)
    return merged


def merge(base: Dict[str, Any], update: Mapping[str, Any]) -> Dict[str, Any]:
    out = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def write_atomic(path: str, text: str) -> None:
    tmp = f'{path}.tmp-{os.getpid()}-{secrets.token_hex(4)}'
    try:
        with open(tmp, 'w', encoding='utf-8') as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
