"""Values orch kept unresolved (lazy resolution) raise where read, with OmegaConf's exception name."""
import json
import os
import tempfile
import unittest

from orch_task._env import UnresolvedValueError, read_config


class UnresolvedValuesTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp()
        with open(os.path.join(self.dir, 'config.json'), 'w') as f:
            json.dump({'seed': 1, 'need': '???', 'opt': {'iters': '${overrides.n}', 'lr': 0.1}}, f)
        with open(os.path.join(self.dir, 'unresolved.json'), 'w') as f:
            json.dump({'version': 1, 'values': [
                {'key': 'need', 'path': ['need'], 'written': '???', 'error': 'MissingMandatoryValue', 'message': 'need: missing mandatory value (???)'},
                {'key': 'opt.iters', 'path': ['opt', 'iters'], 'written': '${overrides.n}', 'error': 'InterpolationKeyError',
                 'message': "opt.iters: interpolation key 'overrides.n' not found"},
            ]}, f)
        self.cfg = read_config(os.path.join(self.dir, 'config.json'))

    def test_reading_an_unresolved_value_raises_naming_the_key(self) -> None:
        for read in (lambda: self.cfg.opt.iters, lambda: self.cfg['opt']['iters'], lambda: self.cfg.opt.get('iters')):
            with self.assertRaises(UnresolvedValueError) as e:
                read()
            self.assertIn('InterpolationKeyError', str(e.exception))
            self.assertIn('opt.iters', str(e.exception))
        with self.assertRaisesRegex(UnresolvedValueError, 'MissingMandatoryValue: need'):
            _ = self.cfg.need

    def test_the_rest_reads_and_the_literal_is_in_the_raw_dict(self) -> None:
        self.assertEqual((self.cfg.seed, self.cfg.opt.lr), (1, 0.1))
        self.assertEqual(dict(self.cfg.opt.items())['iters'], '${overrides.n}')
        self.cfg.opt.iters = 5
        self.assertEqual(self.cfg.opt.iters, 5)


if __name__ == '__main__':
    unittest.main()
