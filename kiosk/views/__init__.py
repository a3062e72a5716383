"""The kiosk's screens: one module per screen; shared pieces live in :mod:`.widgets`.

A screen shows what it is given and emits what the patient wants (signals); it never
reaches into another screen. :class:`kiosk.router.Router` decides where to go.
"""
