"""Alerts: rules choose changes for channels, the outbox keeps them, a dispatcher delivers.

Pure: ``rules`` (which channels a change goes to), ``backoff`` (when to try again),
``render`` (the email and webhook messages), ``channels`` (channel options, redaction).
Adapters, deliver only: ``email`` (SMTP), ``webhook`` (httpx), ``apprise`` (optional extra).
Shell: ``dispatch`` claims due alerts from the store, delivers them and records the outcome.
"""
