import copy
import json
import math
import os
import pickle
import tempfile
import unittest
from unittest import mock

import orch_task
from orch_task import _env


def write_config(text: str) -> str:
    fd, path = tempfile.mkstemp(suffix='.json')
    with os.fdopen(fd, 'w') as f:
        f.write(text)
    return path


class ConfigTest(unittest.TestCase):
    def setUp(self) -> None:
        _env._configs.clear()

    def test_attribute_and_item_access_over_nested_dicts_and_lists(self) -> None:
        path = write_config('{"model": {"width": 64, "layers": [{"units": 8}, {"units": 4}]},'
                            ' "grid": [[1, 2], [3.0, NaN]], "val/loss": 0.5, "items": 3}')
        with mock.patch.dict(os.environ, {'ORCH_CONFIG': path}):
            cfg = orch_task.config()
        self.assertEqual(cfg.model.width, 64)
        self.assertEqual(cfg['model']['width'], 64)
        self.assertEqual(cfg.model.layers[1].units, 4)
        self.assertEqual(cfg.grid[0], [1, 2])
        self.assertIsInstance(cfg.grid[1][0], float)
        self.assertTrue(math.isnan(cfg.grid[1][1]))
        self.assertEqual(cfg['val/loss'], 0.5)
        self.assertEqual(cfg['items'], 3)  # a key named like a dict method: item access
        self.assertTrue(callable(cfg.items))

    def test_non_finite_floats_and_ints(self) -> None:
        path = write_config('{"lr": Infinity, "low": -Infinity, "x": NaN, "one": 1.0, "big": 9007199254740992}')
        cfg = orch_task.config(path)
        self.assertEqual(cfg.lr, math.inf)
        self.assertEqual(cfg.low, -math.inf)
        self.assertTrue(math.isnan(cfg.x))
        self.assertIsInstance(cfg.one, float)
        self.assertEqual(cfg.big, 2 ** 53)
        self.assertIsInstance(cfg.big, int)

    def test_round_trips_through_json_pickle_and_deepcopy(self) -> None:
        text = '{"a": {"b": [1, {"c": Infinity}]}, "d": "x"}'
        cfg = orch_task.config(write_config(text))
        self.assertEqual(json.dumps(cfg), json.dumps(json.loads(text)))
        for clone in (pickle.loads(pickle.dumps(cfg)), copy.deepcopy(cfg)):
            self.assertEqual(clone, cfg)
            self.assertEqual(clone.a.b[1].c, math.inf)

    def test_read_once_and_cached(self) -> None:
        path = write_config('{"a": 1}')
        first = orch_task.config(path)
        with open(path, 'w') as f:
            f.write('{"a": 2}')
        self.assertIs(orch_task.config(path), first)

    def test_a_missing_key_names_the_keys_and_the_closest(self) -> None:
        cfg = orch_task.config(write_config('{"model": {"width": 3, "depth": 2}}'))
        with self.assertRaisesRegex(AttributeError, r"no config key 'widht' \(keys here: width, depth\)\. Did you mean 'width'\?"):
            cfg.model.widht
        with self.assertRaisesRegex(KeyError, 'no config key'):
            cfg['nope']
        self.assertIsNone(cfg.get('nope'))
        self.assertFalse(hasattr(cfg, '__array__'))

    def test_unset_config_says_how_to_run_under_orch(self) -> None:
        with mock.patch.dict(os.environ, {}, clear=True):
            with self.assertRaisesRegex(orch_task.OrchTaskError, r'ORCH_CONFIG is not set.*orch <task>'):
                orch_task.config()
            with self.assertRaisesRegex(orch_task.OrchTaskError, 'ORCH_OUTPUT_DIR is not set'):
                orch_task.output_dir()

    def test_unreadable_config_names_the_file(self) -> None:
        with self.assertRaisesRegex(orch_task.OrchTaskError, r'cannot read the job config .*/nope\.json'):
            orch_task.config('/nonexistent/nope.json')
        bad = write_config('{"a": \n,}')
        with self.assertRaisesRegex(orch_task.OrchTaskError, rf'{bad}:2:1: not valid JSON'):
            orch_task.config(bad)

    def test_job_facts(self) -> None:
        env = {'ORCH_OUTPUT_DIR': '/o/3', 'ORCH_JOB_NUM': '3', 'ORCH_SWEEP_DIR': '/o'}
        with mock.patch.dict(os.environ, env, clear=True):
            self.assertEqual((orch_task.output_dir(), orch_task.job_num(), orch_task.sweep_dir()), ('/o/3', 3, '/o'))
            self.assertEqual(orch_task.device(), 'cpu')
            os.environ['CUDA_VISIBLE_DEVICES'] = '1'
            self.assertEqual(orch_task.device(), 'cuda:0')
            os.environ['ORCH_DEVICE'] = 'cuda:1'
            self.assertEqual(orch_task.device(), 'cuda:1')


if __name__ == '__main__':
    unittest.main()
