"""Work done beside the build: in a forked child process, on the machine's other core.

The child starts as a copy of this process (fork), so it needs nothing sent to it; only its
result comes back, pickled.  Whatever goes wrong in the child (it cannot start, it raises,
it dies), the work is done again here, where an error is reported as usual.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")


def cpus() -> int:
    """The CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    """More than one CPU for this process, and a platform that forks."""
    return cpus() > 1 and "fork" in multiprocessing.get_all_start_methods()


class Beside(Generic[T]):
    """``work()`` running in a child process (when ``fork``); ``result()`` waits for what it
    returns.  Without ``fork``, ``result()`` does the work here.

    ``work`` must return something small (its result is pickled) and may write files;
    it runs again here if the child fails, so what it writes must be safe to write twice.
    Used as a context manager, a child whose result is not wanted (the build failed
    meanwhile) is stopped.
    """

    def __init__(self, work: Callable[[], T], fork: bool = True) -> None:
        self._work = work
        self._process: Any = None
        self._receive: Any = None
        if not fork:
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        try:
            # with fork, the target and its arguments are not pickled: the child inherits them
            self._process = context.Process(target=_child, args=(work, send), daemon=True)
            self._process.start()
        except OSError:
            self._process = None
        finally:
            send.close()

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:  # left before result(): not wanted
            self._process.kill()
            self._process.join()
            self._process = None
        if self._receive is not None:
            self._receive.close()
            self._receive = None

    def result(self) -> T:
        outcome: tuple[bool, Any] = (False, None)
        if self._process is not None:
            try:
                outcome = self._receive.recv()
            except (EOFError, OSError):
                pass  # the child died before it answered
            self._process.join()
            self._process = None
        if self._receive is not None:
            self._receive.close()
            self._receive = None
        done, value = outcome
        return value if done else self._work()


def _child(work: Callable[[], Any], send: Any) -> None:
    gc.disable()  # a collection would touch (and so copy) every page of the parent's objects
    try:
        try:
            outcome = (True, work())
        except BaseException:
            outcome = (False, None)
        send.send(outcome)
    finally:
        # Leave at once: no exit handlers and no flushing of streams that were the parent's
        # (another thread of the parent, e.g. `mkdocs serve`'s server, may have held their locks).
        os._exit(0)
