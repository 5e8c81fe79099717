from odoo.tests import tagged

from odoo.addons.customer_messaging.tests.common import WorkerProcessCase
from odoo.addons.customer_messaging.tests.worker_process import CRASH_EXIT


@tagged("post_install", "-at_install")
class TestRuleCrashSafety(WorkerProcessCase):
    """Notifications planned by a rule, sent by a cron killed half-way and restarted,
    or by two cron workers at once: each order's customer hears once. Real worker
    processes, real commits; this test writes nothing in its own transaction."""

    worker_script = "rule_worker.py"

    def _setup(self, count):
        self._worker("cleanup")
        self.addCleanup(self._worker, "cleanup")
        return self._worker("setup", count)

    def _assert_each_once(self, setup, count):
        report = self._worker("report", setup["rule_id"])
        self.assertEqual(len(report["mails"]), count)
        self.assertEqual(set(report["mails"].values()), {1}, f"each customer got exactly one email: {report}")
        self.assertEqual(report["states"], {"done": count})

    def test_killed_mid_batch_then_restarted(self):
        setup = self._setup(12)
        self._worker("dispatch", "mid_batch", expect_exit=CRASH_EXIT)
        report = self._worker("report", setup["rule_id"])
        self.assertEqual(set(report["mails"].values()), {0}, "the dead worker's batch left nothing behind")
        self.assertEqual(report["states"], {"pending": 12})
        self._worker("dispatch")
        self._assert_each_once(setup, 12)

    def test_killed_after_a_committed_batch_then_restarted(self):
        setup = self._setup(12)
        self._worker("dispatch", "after_first_commit", expect_exit=CRASH_EXIT)
        report = self._worker("report", setup["rule_id"])
        self.assertEqual(sum(report["mails"].values()), 5, "one batch of 5 was committed")
        self._worker("dispatch")
        self._assert_each_once(setup, 12)

    def test_two_workers_at_once(self):
        setup = self._setup(30)
        handled = [result["handled"] for result in self._workers_together(2, "dispatch", "none")]
        self.assertGreaterEqual(sum(handled), 30, f"the workers shared the rows: {handled}")
        self._assert_each_once(setup, 30)
