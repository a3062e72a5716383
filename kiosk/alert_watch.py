"""Follows staff alerts for the screens: what the patient is told, what staff see.

:class:`AlertWatch` subscribes to the router (a safety answer, "Talk to someone now", the
end of a session) and to the alerter's delivery reports, which arrive on worker threads
and are turned into a signal on the GUI thread. For the patient it decides one thing,
honestly: staff have been told only when a destination *confirmed* delivery within
``confirm_seconds``; otherwise the patient is sent to the front desk. It also sends
unacknowledged alerts again to the escalation destinations.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.alerts import AlertRecord, DeliveryState, Event, StaffAlerter
from kiosk.router import Router

#: What the patient is told about the alert of their session.
SENDING, TOLD, FRONT_DESK = "sending", "told", "front_desk"

ESCALATION_CHECK_MS = 5_000


class AlertWatch(QObject):
    """Signals:
    changed: some alert's delivery changed (the staff panel shows it again).
    patient_status_changed(str): "sending", "told", "front_desk", or "" when the session
        has no alert.
    """

    changed = Signal()
    patient_status_changed = Signal(str)
    _delivered = Signal()  # emitted on worker threads; Qt queues it to the GUI thread

    def __init__(
        self,
        alerter: StaffAlerter,
        router: Router,
        escalation_check_ms: int = ESCALATION_CHECK_MS,
    ) -> None:
        super().__init__(router)
        self.alerter = alerter
        self._current: AlertRecord | None = None
        self._talk: AlertRecord | None = None
        self._status = ""
        self._confirm = QTimer(self)
        self._confirm.setSingleShot(True)
        self._confirm.setInterval(round(alerter.settings.confirm_seconds * 1000))
        self._confirm.timeout.connect(self._update)
        self._escalation = QTimer(self)
        self._escalation.setInterval(escalation_check_ms)
        self._escalation.timeout.connect(self.alerter.escalate_overdue)
        self._escalation.start()
        listener = self._report_from_worker
        alerter.listeners.append(listener)
        self.destroyed.connect(lambda: alerter.listeners.remove(listener))
        self._delivered.connect(self._on_delivery)
        router.safety_answered.connect(self._on_safety_answer)
        router.talk_requested.connect(self._on_talk_requested)
        router.session_ended.connect(self._forget_session)

    def _report_from_worker(self, _record: AlertRecord) -> None:
        self._delivered.emit()

    @property
    def patient_status(self) -> str:
        return self._status

    def _on_safety_answer(self, _instrument_id: str) -> None:
        self._follow(self.alerter.send(Event.SAFETY_ANSWER))

    def _on_talk_requested(self) -> None:
        if self._talk is not None and self._talk.state is not DeliveryState.FAILED:
            return  # one request per patient is enough; a failed one may be tried again
        self._talk = self.alerter.send(Event.TALK_REQUESTED)
        self._follow(self._talk)

    def _follow(self, record: AlertRecord) -> None:
        self._current = record
        self._confirm.start()
        self._update()

    def _forget_session(self) -> None:
        """The patient is gone: their alerts stay for staff, but not on screen."""
        self._current = self._talk = None
        self._confirm.stop()
        self._update()

    def _on_delivery(self) -> None:
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        status = self._decide()
        if status != self._status:
            self._status = status
            self.patient_status_changed.emit(status)

    def _decide(self) -> str:
        record = self._current
        if record is None:
            return ""
        if record.delivered_within(self.alerter.settings.confirm_seconds):
            return TOLD
        if record.pending and self._confirm.isActive():
            return SENDING
        # Nothing confirmed in time (or nowhere to send): never claim staff know.
        return FRONT_DESK


def watch_alerts(router: Router, alerter: StaffAlerter) -> AlertWatch:
    """Connect ``alerter`` to ``router``: alerts go out, and the patient sees their state."""
    watch = AlertWatch(alerter, router)
    watch.patient_status_changed.connect(router.show_staff_status)
    return watch
