"""Signals are sent by each child to itself: the handler runs at the next bytecode, no timing involved."""
import os
import signal
import subprocess
import sys
import textwrap
import unittest
from typing import Dict, Tuple

HELPER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PRELUDE = textwrap.dedent('''
    import os, signal, sys
    import orch_task
    def say(*words):
        print(*words, flush=True)
''')


def run(body: str, env: Dict[str, str] = {}) -> Tuple[int, str, str]:
    child_env = {k: v for k, v in os.environ.items() if k != 'ORCH_LAUNCHER'}
    child_env.update(PYTHONPATH=HELPER_DIR, **env)
    r = subprocess.run([sys.executable, '-c', PRELUDE + textwrap.dedent(body)], env=child_env,
                       capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


class PollingTest(unittest.TestCase):
    def test_sigterm_sets_the_flag_runs_hooks_at_the_check_and_exits_143(self) -> None:
        code, out, err = run('''
            orch_task.on_checkpoint(lambda: say('hook'))
            assert not orch_task.should_stop()
            os.kill(os.getpid(), signal.SIGTERM)
            say('still running')
            assert orch_task.should_stop() and orch_task.should_stop()
            say('stopped by', orch_task.stop_signal().name)
        ''')
        self.assertEqual((code, out), (143, 'still running\nhook\nstopped by SIGTERM\n'), err)

    def test_sigint_exits_130_even_when_the_task_returns_normally(self) -> None:
        code, out, err = run('''
            orch_task.should_stop()
            os.kill(os.getpid(), signal.SIGINT)
            if orch_task.should_stop():
                say('saved')
        ''')
        self.assertEqual((code, out), (130, 'saved\n'), err)

    def test_sigusr1_outside_slurm_asks_for_a_checkpoint_only(self) -> None:
        code, out, err = run('''
            orch_task.on_checkpoint(lambda: say('hook'))
            orch_task.should_stop()
            os.kill(os.getpid(), signal.SIGUSR1)
            say('stop' if orch_task.should_stop() else 'go on')
            say('stop' if orch_task.should_stop() else 'go on')
        ''')
        self.assertEqual((code, out), (0, 'hook\ngo on\ngo on\n'), err)

    def test_sigusr1_under_slurm_is_the_preemption_warning(self) -> None:
        code, out, err = run('''
            orch_task.on_checkpoint(lambda: say('hook'))
            orch_task.should_stop()
            os.kill(os.getpid(), signal.SIGUSR1)
            say('stop' if orch_task.should_stop() else 'go on')
        ''', {'ORCH_LAUNCHER': 'slurm'})
        self.assertEqual((code, out), (0, 'hook\nstop\n'), err)

    def test_a_second_stop_signal_ends_the_task_at_once(self) -> None:
        code, out, err = run('''
            orch_task.on_checkpoint(lambda: say('hook'))
            orch_task.should_stop()
            os.kill(os.getpid(), signal.SIGINT)
            say('winding down')
            os.kill(os.getpid(), signal.SIGINT)
            say('not reached')
        ''')
        self.assertEqual((code, out), (130, 'winding down\nhook\n'), err)

    def test_a_forked_child_keeps_python_defaults(self) -> None:
        code, out, err = run('''
            import time
            orch_task.should_stop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                child = os.fork()
                if child == 0:
                    try:
                        os.kill(os.getpid(), sig)
                        time.sleep(60)
                    except KeyboardInterrupt:
                        os._exit(7)
                    os._exit(0)
                _, status = os.waitpid(child, 0)
                say(os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))
            say('parent', orch_task.should_stop())
        ''')
        self.assertEqual((code, out), (0, f'{int(signal.SIGTERM)}\n7\nparent False\n'), err)

    def test_no_signal_no_change_of_exit_status(self) -> None:
        self.assertEqual(run('orch_task.should_stop(); sys.exit(3)')[0], 3)


class HooksOnlyTest(unittest.TestCase):
    def test_sigterm_runs_the_hooks_then_unwinds_the_task_with_143(self) -> None:
        code, out, err = run('''
            @orch_task.on_checkpoint
            def broken():
                raise OSError('disk full')
            orch_task.on_checkpoint(lambda: say('second hook'))
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                say('not reached')
            finally:
                say('finally')
        ''')
        self.assertEqual((code, out), (143, 'second hook\nfinally\n'), err)
        self.assertIn('checkpoint hook failed', err)
        self.assertIn('OSError: disk full', err)

    def test_sigusr1_outside_slurm_checkpoints_and_goes_on(self) -> None:
        code, out, err = run('''
            orch_task.on_checkpoint(lambda: say('hook'))
            os.kill(os.getpid(), signal.SIGUSR1)
            say('went on')
        ''')
        self.assertEqual((code, out), (0, 'hook\nwent on\n'), err)

    def test_sigint_exits_130(self) -> None:
        code, out, err = run('''
            orch_task.install_signal_handlers()
            os.kill(os.getpid(), signal.SIGINT)
            say('not reached')
        ''')
        self.assertEqual((code, out), (130, ''), err)

    def test_handlers_need_the_main_thread(self) -> None:
        code, out, err = run('''
            import threading
            def worker():
                try:
                    orch_task.should_stop()
                except orch_task.OrchTaskError as e:
                    say(e)
            t = threading.Thread(target=worker); t.start(); t.join()
        ''')
        self.assertEqual(code, 0, err)
        self.assertIn('only be installed from the main thread', out)


if __name__ == '__main__':
    unittest.main()
