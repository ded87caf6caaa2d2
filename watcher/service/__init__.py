"""The long-running service, ``watcher run``: scheduled checks on one machine or many.

See ``runner`` for the life cycle, ``jobs`` for the periodic jobs, ``watcher.store.leases``
for how several workers share one PostgreSQL, and ``lock`` for the one-process rule on SQLite.
"""

from watcher.service.runner import Service, ServiceError, make_worker_id

__all__ = ["Service", "ServiceError", "make_worker_id"]
