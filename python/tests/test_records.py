import json
import math
import os
import tempfile
import unittest
from unittest import mock

import orch_task
from orch_task import _records


class Scalar:
    """What numpy scalars and 0-d tensors look like to the helper."""
    ndim = 0

    def __init__(self, v: float) -> None:
        self.v = v

    def item(self) -> float:
        return self.v


class Array:
    ndim = 1

    def tolist(self) -> list:
        return [1.5, 2.5]


class RecordsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp()
        _records._metrics.clear()
        patcher = mock.patch.dict(os.environ, {'ORCH_OUTPUT_DIR': self.dir})
        patcher.start()
        self.addCleanup(patcher.stop)

    def read(self, name: str) -> str:
        with open(os.path.join(self.dir, name)) as f:
            return f.read()

    def test_log_writes_the_line_ctx_log_writes(self) -> None:
        orch_task.log(step=1, loss=0.5, acc=float('nan'))
        orch_task.log(loss=math.inf, **{'val/loss': -math.inf, 'name': 'é'})
        orch_task.log(step=3, loss=Scalar(0.25), per_class=Array(), nested={'a': 1})
        self.assertEqual(self.read('history.jsonl'),
                         '{"step":1,"loss":0.5,"acc":NaN}\n'
                         '{"loss":Infinity,"val/loss":-Infinity,"name":"é"}\n'
                         '{"step":3,"loss":0.25,"per_class":[1.5,2.5],"nested":{"a":1}}\n')

    def test_log_refuses_what_is_not_json_and_writes_nothing(self) -> None:
        with self.assertRaisesRegex(TypeError, 'object .* is not JSON'):
            orch_task.log(step=1, model=object())
        with self.assertRaisesRegex(ValueError, 'nothing to log'):
            orch_task.log()
        self.assertFalse(os.path.exists(os.path.join(self.dir, 'history.jsonl')))

    def test_metrics_merge_with_earlier_calls_and_nested_groups(self) -> None:
        orch_task.metrics({'test': {'acc': 0.9}, 'val/acc': 0.8}, epochs=3)
        merged = orch_task.metrics(test={'loss': float('nan')}, epochs=4)
        self.assertEqual(merged['test']['acc'], 0.9)
        on_disk = self.read('metrics.json')
        self.assertIn('"loss": NaN', on_disk)
        self.assertEqual(json.loads(on_disk)['epochs'], 4)
        self.assertEqual(json.loads(on_disk)['val/acc'], 0.8)
        self.assertEqual(sorted(os.listdir(self.dir)), ['metrics.json'])  # no temp file left

    def test_metrics_keep_the_file_when_a_value_is_not_json(self) -> None:
        orch_task.metrics(acc=0.5)
        with self.assertRaises(TypeError):
            orch_task.metrics(acc=0.6, model=object())
        self.assertEqual(json.loads(self.read('metrics.json')), {'acc': 0.5})
        self.assertEqual(sorted(os.listdir(self.dir)), ['metrics.json'])

    def test_a_metrics_file_of_an_earlier_run_is_replaced_not_merged(self) -> None:
        with open(os.path.join(self.dir, 'metrics.json'), 'w') as f:
            f.write('{"stopped_by": "SIGUSR1", "acc": 0.1}')
        orch_task.metrics(acc=0.5)
        self.assertEqual(json.loads(self.read('metrics.json')), {'acc': 0.5})

if __name__ == '__main__':
    unittest.main()
