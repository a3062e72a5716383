"""Staff alerts that reach a person, confirm delivery, and never fail silently.

When a patient gives a safety answer (or taps "Talk to someone now"), the kiosk tells
staff through every destination set in this kiosk's ``kiosk.yaml``: Apprise addresses
(e-mail, Teams, Slack, ntfy on staff phones, Matrix, Pushover, SMS gateways, a JSON
webhook ...) and an optional local command. The message holds the event, the kiosk's name
and the time: never answers, never scores.

Delivery is followed to the end and reported (:class:`AlertRecord`): sending, delivered to
N of M destinations, or failed and why. Each destination is tried on its own thread, so a
dead one delays no other and a new alert never waits behind a stuck one; each attempt has
a *total* deadline (a receiver that trickles a byte every few seconds is cut off like one
that never answers); failures are retried with a growing pause within an overall budget.
Worker threads are daemons and :meth:`StaffAlerter.shutdown` never waits for them: closing
the kiosk is never held up by a receiver that does not answer.

Apprise is imported on first use only (it costs ~160 ms of start-up). Nothing here
imports Qt.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Protocol

from kiosk.model import AlertDestinations

log = logging.getLogger(__name__)


class Event(Enum):
    """What happened at the kiosk. The value is what receivers and commands see."""

    SAFETY_ANSWER = "support_screen_shown"
    TALK_REQUESTED = "talk_requested"
    TEST = "test"
    HEALTH = "health"  # about the kiosk itself: restarted, content broken, all well


# (title, sentence) per event; the kiosk's name and the time go in front of the sentence.
EVENT_WORDS = {
    Event.SAFETY_ANSWER: (
        "A patient may need support now",
        "a patient was shown the support screen after a self-check answer. "
        "Please go to the kiosk now.",
    ),
    Event.TALK_REQUESTED: (
        "A patient asked to talk to someone",
        "a patient tapped 'Talk to someone now'. Please go to the kiosk now.",
    ),
    Event.TEST: (
        "TEST: kiosk staff alert",
        "this is a test of the kiosk's staff alerts. No patient is waiting; nothing to do.",
    ),
    Event.HEALTH: ("Kiosk health", "{note}"),
}

DEFAULT_RETRY_PAUSE_S = 1.0
MAX_RETRY_PAUSE_S = 30.0


class DeliveryError(Exception):
    """A destination did not take the alert; the message says why, for staff."""


class DeliveryState(Enum):
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True)
class Message:
    """One alert as sent: deliberately nothing about the patient."""

    event: Event
    kiosk: str
    time: datetime
    title: str
    body: str


class Destination(Protocol):
    """Somewhere an alert can go."""

    @property
    def label(self) -> str:
        """How staff see this destination (no password, no token)."""
        ...

    def send(self, message: Message, deadline_s: float) -> None:
        """Deliver ``message`` or raise :class:`DeliveryError`."""
        ...


@dataclass
class DestinationStatus:
    """How one destination is doing with one alert."""

    label: str
    state: DeliveryState = DeliveryState.SENDING
    reason: str = ""
    attempts: int = 0
    delivered_at: float | None = None  # monotonic seconds

    def describe(self) -> str:
        if self.state is DeliveryState.DELIVERED:
            return f"{self.label}: delivered"
        if self.state is DeliveryState.FAILED:
            return f"{self.label}: failed ({self.reason})"
        tried = f" (try {self.attempts}: {self.reason})" if self.reason else ""
        return f"{self.label}: sending{tried}"


@dataclass
class AlertRecord:
    """One alert and what became of it; what the staff panel lists."""

    number: int
    event: Event
    time: datetime
    started: float  # monotonic seconds
    destinations: list[DestinationStatus]
    escalation_of: int | None = None
    acknowledged: bool = False
    escalated: bool = False

    @property
    def delivered(self) -> int:
        return sum(d.state is DeliveryState.DELIVERED for d in self.destinations)

    @property
    def pending(self) -> int:
        return sum(d.state is DeliveryState.SENDING for d in self.destinations)

    @property
    def state(self) -> DeliveryState:
        if self.delivered:
            return DeliveryState.DELIVERED
        if self.pending:
            return DeliveryState.SENDING
        return DeliveryState.FAILED

    def delivered_within(self, seconds: float) -> bool:
        """Whether some destination confirmed delivery within ``seconds`` of the start."""
        return any(
            d.delivered_at is not None and d.delivered_at - self.started <= seconds
            for d in self.destinations
        )

    def summary(self) -> str:
        """One line: what, when, and how far it got."""
        title = EVENT_WORDS[self.event][0]
        if self.escalation_of is not None:
            title = f"Sent again (alert {self.escalation_of} not marked as seen)"
        local = self.time.astimezone().strftime("%H:%M:%S")
        total = len(self.destinations)
        if not total:
            outcome = "not sent: no destination is set in kiosk.yaml"
        elif self.delivered:
            outcome = f"delivered to {self.delivered} of {total}"
            if self.pending:
                outcome += f", {self.pending} still trying"
        elif self.pending:
            outcome = "sending"
        else:
            outcome = "FAILED: no destination took it"
        seen = "seen" if self.acknowledged else "not yet seen"
        return f"{local} · alert {self.number} · {title} · {outcome} · {seen}"


Listener = Callable[[AlertRecord], None]


class StaffAlerter:
    """Sends alerts to every destination and follows each one to the end.

    ``listeners`` are called (from worker threads) whenever an alert's delivery changes;
    the Qt side turns that into a signal on the GUI thread.
    """

    def __init__(
        self,
        settings: AlertDestinations,
        kiosk_name: str,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        retry_pause_s: float = DEFAULT_RETRY_PAUSE_S,
        destinations: Sequence[Destination] | None = None,
        escalation_destinations: Sequence[Destination] | None = None,
    ) -> None:
        self.settings = settings
        self.kiosk_name = kiosk_name
        self.clock = clock
        self.monotonic = monotonic
        self.retry_pause_s = retry_pause_s
        self._destinations = (
            list(destinations) if destinations is not None else destinations_for(settings)
        )
        self._escalation = (
            list(escalation_destinations)
            if escalation_destinations is not None
            else [AppriseDestination(url) for url in settings.escalation_urls]
        )
        self.listeners: list[Listener] = []
        self.records: list[AlertRecord] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: dict[int, list[threading.Thread]] = {}

    @property
    def configured(self) -> bool:
        return bool(self._destinations)

    def destination_labels(self) -> list[str]:
        """Where alerts go, as staff may see it (no passwords, no tokens)."""
        return [destination.label for destination in self._destinations]

    # --- sending ------------------------------------------------------------------------

    def send(self, event: Event, note: str = "") -> AlertRecord:
        """Start an alert to every destination and return its record at once; ``note`` is
        the sentence of a health notice."""
        return self._start(event, self._destinations, retry=True, note=note)

    def test_all(self) -> list[DestinationStatus]:
        """A marked test alert to every destination (escalation ones too), one attempt
        each, all at once; returns when each has answered or its deadline passed."""
        targets = [*self._destinations, *self._escalation]
        record = self._start(Event.TEST, targets, retry=False)
        deadline = self.monotonic() + self.settings.deadline_seconds + 1.0
        for thread in list(self._threads_of(record)):
            thread.join(max(0.0, deadline - self.monotonic()))
        return list(record.destinations)

    def _start(
        self,
        event: Event,
        targets: Sequence[Destination],
        retry: bool,
        escalation_of: AlertRecord | None = None,
        note: str = "",
    ) -> AlertRecord:
        now = self.clock()
        message = self._message(event, now, escalation_of, note)
        with self._lock:
            record = AlertRecord(
                number=len(self.records) + 1,
                event=event,
                time=now,
                started=self.monotonic(),
                destinations=[DestinationStatus(target.label) for target in targets],
                escalation_of=escalation_of.number if escalation_of else None,
                acknowledged=event in (Event.TEST, Event.HEALTH),  # no patient waits
            )
            self.records.append(record)
        if not targets:
            log.warning("staff alert %d (%s): no destination is set", record.number, event.value)
        for index, target in enumerate(targets):
            thread = threading.Thread(
                target=self._deliver,
                args=(record, record.destinations[index], target, message, retry),
                name=f"staff-alert-{record.number}-{index}",
                daemon=True,  # a receiver that never answers must not keep the kiosk open
            )
            self._remember(record, thread)
            thread.start()
        self._changed(record)
        return record

    def _message(
        self, event: Event, now: datetime, original: AlertRecord | None, note: str = ""
    ) -> Message:
        title, sentence = EVENT_WORDS[event]
        sentence = sentence.format(note=note) if event is Event.HEALTH else sentence
        when = now.astimezone().strftime("%Y-%m-%d %H:%M")
        body = f"{self.kiosk_name}, {when}: {sentence}"
        if original is not None:
            first = original.time.astimezone().strftime("%H:%M")
            title = f"NOT YET SEEN: {title}"
            body += f" (First sent at {first}; nobody has marked it as seen on the kiosk.)"
        return Message(event, self.kiosk_name, now, title, body)

    def _deliver(
        self,
        record: AlertRecord,
        status: DestinationStatus,
        target: Destination,
        message: Message,
        retry: bool,
    ) -> None:
        budget_ends = self.monotonic() + (self.settings.retry_budget_seconds if retry else 0.0)
        pause = self.retry_pause_s
        while True:
            status.attempts += 1
            error = self._attempt(target, message)
            if error is None:
                status.state, status.delivered_at = DeliveryState.DELIVERED, self.monotonic()
                status.reason = ""
                log.info(
                    "staff alert %d (%s) delivered to %s (try %d)",
                    record.number, record.event.value, status.label, status.attempts,
                )  # fmt: skip
                self._changed(record)
                return
            status.reason = error
            if self._stop.is_set() or self.monotonic() + pause > budget_ends:
                status.state = DeliveryState.FAILED
                log.error(
                    "staff alert %d (%s) NOT delivered to %s after %d tries: %s",
                    record.number, record.event.value, status.label, status.attempts, error,
                )  # fmt: skip
                self._changed(record)
                return
            log.warning(
                "staff alert %d to %s failed (try %d): %s; trying again in %g s",
                record.number, status.label, status.attempts, error, pause,
            )  # fmt: skip
            self._changed(record)
            if self._stop.wait(pause):
                status.state = DeliveryState.FAILED
                status.reason = f"{error}; the kiosk closed before it could try again"
                self._changed(record)
                return
            pause = min(pause * 2, MAX_RETRY_PAUSE_S)

    def _attempt(self, target: Destination, message: Message) -> str | None:
        """One try with a deadline on the whole of it; the reason it failed, or None."""
        deadline = self.settings.deadline_seconds
        outcome: list[str | None] = []

        def run() -> None:
            try:
                target.send(message, deadline)
            except DeliveryError as exc:
                outcome.append(str(exc))
            except Exception as exc:  # noqa: BLE001 - any failure is a reason for staff
                outcome.append(f"{type(exc).__name__}: {exc}")
            else:
                outcome.append(None)

        worker = threading.Thread(target=run, name="staff-alert-try", daemon=True)
        worker.start()
        worker.join(deadline)
        if not outcome:
            # The try goes on in the background until its own sockets give up; it is
            # abandoned here, so that the deadline holds whatever the receiver does.
            return f"no answer within {deadline:g} s"
        return outcome[0]

    # --- following up -------------------------------------------------------------------

    def acknowledge_all(self) -> None:
        """Staff have seen every alert (the staff panel's "Mark as seen")."""
        with self._lock:
            for record in self.records:
                record.acknowledged = True
        log.info("staff marked every alert as seen")

    def failed(self) -> int:
        """Alerts for a patient that reached no destination at all."""
        with self._lock:
            return sum(
                record.state is DeliveryState.FAILED
                and record.event in (Event.SAFETY_ANSWER, Event.TALK_REQUESTED)
                for record in self.records
            )

    def unacknowledged(self) -> list[AlertRecord]:
        with self._lock:
            return [r for r in self.records if not r.acknowledged]

    def escalate_overdue(self) -> list[AlertRecord]:
        """Send again, to the escalation destinations, every alert nobody has marked as
        seen within ``escalate_after_seconds``. Called regularly; returns what it sent."""
        if not self._escalation:
            return []
        now = self.clock()
        due = []
        with self._lock:
            for record in self.records:
                age = (now - record.time).total_seconds()
                if (
                    not record.acknowledged
                    and not record.escalated
                    and record.escalation_of is None
                    and age >= self.settings.escalate_after_seconds
                ):
                    record.escalated = True
                    due.append(record)
        sent = []
        for record in due:
            log.warning("staff alert %d not marked as seen: sending it again", record.number)
            sent.append(self._start(record.event, self._escalation, True, escalation_of=record))
        return sent

    def shutdown(self) -> None:
        """Stop retrying. Never waits: delivery threads are daemons."""
        self._stop.set()

    # --- internals ----------------------------------------------------------------------

    def _changed(self, record: AlertRecord) -> None:
        for listener in list(self.listeners):
            try:
                listener(record)
            except Exception:  # a listener's bug must not stop the delivery
                log.exception("a staff-alert listener failed")

    def _remember(self, record: AlertRecord, thread: threading.Thread) -> None:
        with self._lock:
            self._threads.setdefault(record.number, []).append(thread)

    def _threads_of(self, record: AlertRecord) -> list[threading.Thread]:
        with self._lock:
            return list(self._threads.get(record.number, []))


def destinations_for(settings: AlertDestinations) -> list[Destination]:
    """The destinations ``kiosk.yaml`` sets, in order: Apprise addresses, then the command."""
    found: list[Destination] = [AppriseDestination(url) for url in settings.urls]
    if settings.command:
        found.append(CommandDestination(list(settings.command)))
    return found


class AppriseDestination:
    """An Apprise address: e-mail, Teams, Slack, ntfy, Matrix, Pushover, SMS, JSON ..."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._plugin: Any = None
        self._label = _masked(url)

    @property
    def label(self) -> str:
        return self._label

    def send(self, message: Message, deadline_s: float) -> None:
        plugin = self._instantiate()
        with _AppriseLog() as problems:
            delivered = plugin.notify(body=message.body, title=message.title)
        if not delivered:
            raise DeliveryError(problems.last() or "the service did not accept the alert")

    def _instantiate(self) -> Any:
        if self._plugin is None:
            import apprise  # on first use only: it costs start-up time

            plugin = apprise.Apprise.instantiate(self.url)
            if not plugin:
                raise DeliveryError(
                    "not an alert address Apprise understands; check the part before "
                    "'://' and the spelling (see docs/alerts.md)"
                )
            self._plugin = plugin
        return self._plugin


class CommandDestination:
    """A local program (set only in kiosk.yaml), told the event through its environment."""

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv

    @property
    def label(self) -> str:
        return f"command {self.argv[0]}"

    def send(self, message: Message, deadline_s: float) -> None:
        env = {
            **os.environ,
            "KIOSK_EVENT": message.event.value,
            "KIOSK_NAME": message.kiosk,
            "KIOSK_TIME": message.time.isoformat(timespec="seconds"),
            "KIOSK_TITLE": message.title,
            "KIOSK_MESSAGE": message.body,
        }
        try:
            subprocess.run(
                self.argv,
                env=env,
                check=True,
                timeout=deadline_s,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except subprocess.CalledProcessError as exc:
            raise DeliveryError(f"the command ended with exit code {exc.returncode}") from None
        except subprocess.TimeoutExpired:
            raise DeliveryError(f"the command did not finish within {deadline_s:g} s") from None
        except OSError as exc:
            raise DeliveryError(f"the command could not start: {exc.strerror or exc}") from None


_SECRET = re.compile(r"(?<=://)[^/@\s]*@")


def _masked(url: str) -> str:
    """An address as staff may see it: no user or password, no query (tokens live there)."""
    base = url.split("?", 1)[0]
    return _SECRET.sub("…@", base)


class _AppriseLog(logging.Handler):
    """Apprise says why a delivery failed only in its log: keep what it says, for this
    thread only (other destinations are being tried at the same time)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self._thread:
            self.messages.append(record.getMessage())

    def last(self) -> str:
        return self.messages[-1] if self.messages else ""

    def __enter__(self) -> _AppriseLog:
        logging.getLogger("apprise").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("apprise").removeHandler(self)
