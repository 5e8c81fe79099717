from odoo.tests import tagged

from .common import SmtpSink, WorkerProcessCase
from .worker_process import CRASH_EXIT


@tagged("post_install", "-at_install")
class TestOutboxCrashSafety(WorkerProcessCase):
    """A bulk send interrupted by a crash, resumed, or run by two workers at once,
    reaches each customer exactly once. Real worker processes, real commits; this
    test writes nothing in its own transaction."""

    worker_script = "outbox_worker.py"

    def _setup(self, count, daily_limit=0):
        self._worker("cleanup")
        self.addCleanup(self._worker, "cleanup")
        return self._worker("setup", count, daily_limit)

    def _assert_each_once(self, setup, count):
        report = self._worker("report", setup["bulk_id"])
        self.assertEqual(len(report["mails"]), count)
        self.assertEqual(set(report["mails"].values()), {1}, f"each customer got exactly one email: {report}")
        self.assertEqual(report["states"], [["done", None, count]])
        # every email written once; the bulk is finished when the mail queue has handed
        # them to the SMTP server (TestBulk shows it), not before
        self.assertEqual(report["bulk_state"], "running")

    def test_killed_mid_batch_then_resumed(self):
        setup = self._setup(12)
        self._worker("dispatch", "mid_batch", expect_exit=CRASH_EXIT)
        report = self._worker("report", setup["bulk_id"])
        self.assertEqual(set(report["mails"].values()), {0}, "the dead worker's batch left nothing behind")
        self._worker("dispatch")
        self._assert_each_once(setup, 12)

    def test_killed_after_a_committed_batch_then_resumed(self):
        setup = self._setup(12)
        self._worker("dispatch", "after_first_commit", expect_exit=CRASH_EXIT)
        report = self._worker("report", setup["bulk_id"])
        self.assertEqual(sum(report["mails"].values()), 5, "one batch of 5 was committed")
        self._worker("dispatch")
        self._assert_each_once(setup, 12)

    def test_worker_killed_after_the_smtp_server_accepted_an_email_does_not_send_it_twice(self):
        """The cron worker dies between the SMTP server's "250 OK" and Odoo's commit
        (the window where Odoo sends that email again): the next run marks it sent."""
        setup = self._setup(6)
        self._worker("dispatch")
        sink = SmtpSink().start()
        self.addCleanup(sink.stop)
        self._worker("send_queue", setup["bulk_id"], sink.port, "after_third_accept", expect_exit=CRASH_EXIT)
        self.assertEqual(len(sink.envelopes), 3, "the server accepted three emails before the worker died")
        report = self._worker("report", setup["bulk_id"])
        self.assertEqual(report["notifications"].get("sent"), 2, "only two were committed as sent")
        self._worker("send_queue", setup["bulk_id"], sink.port)
        received = sorted(rcpt for envelope in sink.envelopes for rcpt in envelope.rcpt_tos)
        self.assertEqual(received, sorted(f"crash{i}@example.com" for i in range(6)), "each customer got one email")
        report = self._worker("report", setup["bulk_id"])
        self.assertEqual(report["notifications"], {"sent": 6}, "the email the dead worker sent shows as sent")

    def _two_workers(self):
        return [result["handled"] for result in self._workers_together(2, "dispatch", "none")]

    def test_two_workers_at_once(self):
        setup = self._setup(40)
        handled = self._two_workers()
        self.assertEqual(sum(handled), 40, f"the workers shared the rows: {handled}")
        self._assert_each_once(setup, 40)

    def test_two_workers_cannot_pass_the_daily_limit(self):
        setup = self._setup(50, daily_limit=30)
        self._two_workers()
        report = self._worker("report", setup["bulk_id"])
        self.assertEqual(sum(report["mails"].values()), 30, report)
        self.assertEqual(max(report["mails"].values()), 1)
        states = {(state, reason): count for state, reason, count in report["states"]}
        self.assertEqual(states, {("done", None): 30, ("pending", "quota"): 20}, "the rest waits for tomorrow")
