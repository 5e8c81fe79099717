from collections import Counter

from odoo.tests import tagged

from .common import WorkerProcessCase, start_twilio_server
from .worker_process import CRASH_EXIT


@tagged("post_install", "-at_install")
class TestSmsCrashSafety(WorkerProcessCase):
    """Zero duplicates, zero losses: real worker processes killed at each point of
    the sending, then a new worker recovers; the loopback Twilio server counts what
    it received. The workers commit, so this test writes nothing in its own
    transaction (it would lock what they need) and cleans up what they committed."""

    worker_script = "sms_worker.py"
    account_sid = "AC" + "2" * 32
    auth_token = "crash-test-token"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = start_twilio_server(cls)

    def _setup(self, count):
        self.server.reset()
        self.addCleanup(self._worker, "cleanup")  # also when the test fails half-way
        return self._worker("setup", self.server.base_url, self.account_sid, self.auth_token, count)["sms_ids"]

    def _assert_each_sent_once(self, count):
        report = self._worker("report")
        self.assertEqual(len(report), count)
        received = Counter(m["to"] for m in self.server.messages)
        self.assertEqual(set(received.values()), {1}, f"each number received exactly once: {received}")
        self.assertEqual(set(received), {r["number"] for r in report}, "nobody was lost")
        sids = {m["to"]: m["sid"] for m in self.server.messages}
        for row in report:
            self.assertEqual(row["state"], "pending", row)
            self.assertEqual(row["sid"], sids[row["number"]], "the provider's id is recorded")

    def test_worker_killed_at_each_point(self):
        for point, expect_received in (("before_call", 0), ("after_accept", 1), ("after_commit", 1)):
            with self.subTest(point=point):
                try:
                    self._setup(3)
                    self._worker("send", point, expect_exit=CRASH_EXIT)
                    self.assertEqual(len(self.server.messages), expect_received, "what Twilio got before the crash")
                    # a new worker runs the queue: claims still under lease are left alone
                    self._worker("send")
                    self.assertLessEqual(len(self.server.messages), 3)
                    # later, the dead worker's claim is reconciled with Twilio
                    self._worker("expire_leases")
                    self._worker("send")
                    self._assert_each_sent_once(3)
                finally:
                    self._worker("cleanup")

    def test_claim_taken_by_another_worker_meanwhile(self):
        self._setup(2)
        result = self._worker("claim_race")
        self.assertEqual(result["first"], [], "taken by the other worker: skipped")
        self.assertEqual(result["second"], result["ids"][1:2], "the worker carries on with the next SMS")

    def test_two_workers_at_once(self):
        """Two queue workers start together on the same 20 SMS, against a slow provider:
        they share the work and nobody gets a message twice."""
        self._setup(20)
        self.server.response_delay = 0.05
        sent = [result["sent"] for result in self._workers_together(2, "send", "none")]
        self.assertTrue(all(sent), f"both workers sent some: {[len(s) for s in sent]}")
        self.assertEqual(len(sent[0]) + len(sent[1]), 20)
        self.assertFalse(set(sent[0]) & set(sent[1]), "no SMS taken by both")
        self._assert_each_sent_once(20)
