"""The command line. Parses arguments, builds Settings, calls the service; no business logic.

Every error a user can cause ends as one line on stderr and a non-zero exit code:
1 for a failed command, 2 for bad usage, 3 when checks ran but some of them failed.
Each group of commands lives in its own module and registers itself on ``cli``.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence

import click
from sqlalchemy.exc import DBAPIError

from watcher.cli import alerts, core, feeds, service, web  # noqa: F401  (each registers its commands)
from watcher.cli.base import EXIT_FAILED, EXIT_USAGE, ReaderGone, cli, database_message, say
from watcher.errors import WatcherError
from watcher.terminal import takes_any_text

__all__ = ["cli", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI, turning expected errors into one line and an exit code."""
    _escape_what_the_output_cannot_encode()
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="watcher", standalone_mode=False)
        sys.stdout.flush()  # (a full disk says so here, not in a warning as the interpreter exits)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        say("aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "watcher"
        say(f"error: {exc.format_message()} (try '{where} --help')", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        say(f"error: {exc.format_message()}", err=True)
        sys.exit(EXIT_FAILED)
    except WatcherError as exc:
        say(f"error: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    except DBAPIError as exc:  # (outside any command: RootGroup turns the others into a StorageError)
        say(f"error: database: {database_message(exc, None)}", err=True)
        sys.exit(EXIT_FAILED)
    except OverflowError:  # an id, version or interval no database or clock can hold
        say("error: a number is out of range", err=True)
        sys.exit(EXIT_USAGE)
    except UnicodeDecodeError as exc:  # a file the user named (--from-file) is not UTF-8
        say(f"error: not UTF-8 text: {exc.reason} at byte {exc.start}", err=True)
        sys.exit(EXIT_USAGE)
    except UnicodeEncodeError as exc:
        # an argument with bytes the locale could not decode (Python keeps them as lone
        # surrogates), reaching the database or the terminal; a file name may hold them
        if "surrogate" not in exc.reason:
            raise
        say("error: an argument is not UTF-8 text", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        sys.exit(130)
    except (BrokenPipeError, ReaderGone):
        _drop_stdout()
        sys.exit(0)
    except OSError as exc:  # a write that failed: the output's disk is full, say
        _drop_stdout()
        named = f" ({exc.filename})" if exc.filename else ""
        say(f"error: cannot write the output{named}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_FAILED)


def _escape_what_the_output_cannot_encode() -> None:
    """A character that stdout's or stderr's encoding has no byte for (a ``€`` under
    ``PYTHONIOENCODING=latin-1`` or an old locale) is written as ``\\u20ac``, not a traceback
    (``--json`` writes such characters as JSON escapes: see ``emit_json``).
    A UTF-8 stream is left as it is: only a lone surrogate, an argument that was no UTF-8,
    fails there, and it is refused as such."""
    for stream in (sys.stdout, sys.stderr):
        if not takes_any_text(stream) and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _drop_stdout() -> None:
    """Send what is left in stdout's buffer nowhere: flushed again as the interpreter exits, it
    would fail again, with a warning of several lines."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
