"""Writing an index in several forked processes (both engines' rebuilds).

A writer process never outlives the process that forked it. A rebuild killed
with SIGKILL runs no clean-up of any kind, and writers left waiting on their
pipes would keep running with what the next rebuild needs. So each writer
dies with its parent (archive.child_processes), and closes its copies of the
parent's ends of the pipes, so that a pipe whose parent died reads as ended.
"""

import contextlib
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable, Iterator

from archive.child_processes import die_with_parent


def _child(write, number: int, connection, parent: int, parent_ends: list) -> None:
    """A forked process: ``write`` the batches received until None, then send back its result."""
    die_with_parent(parent)
    for end in parent_ends:  # held open here, they would keep this pipe from ever reading as ended
        end.close()
    try:
        outcome = ("done", write(number, iter(connection.recv, None)))
    except BaseException:  # EOFError too: the parent is gone
        outcome = ("error", traceback.format_exc())
    try:
        connection.send(outcome)
    except OSError:  # the parent is gone: nobody to tell
        pass
    except Exception:  # the result itself cannot be sent (it does not pickle): say why
        with contextlib.suppress(OSError):
            connection.send(("error", traceback.format_exc()))
    finally:
        connection.close()


def write_in_processes(
    batches: Iterable[list[dict]],
    workers: int,
    write: Callable[[int, Iterator[list[dict]]], object],
    progress: Callable[[int], None] | None = None,
) -> tuple[list, int]:
    """Hand ``batches`` out in turn to ``workers`` forked processes, each
    running ``write(its number, its batches)``; returns what each returned,
    in order, and how many documents were handed out. The documents are
    prepared here, so the processes need no database connection. A process
    that fails raises RuntimeError here with its traceback. The processes die
    with this one, however it ends."""
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for number in range(workers):
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=_child, args=(write, number, child_end, os.getpid(), [*pipes, parent_end]), daemon=True
        )
        process.start()
        child_end.close()
        pipes.append(parent_end)
        processes.append(process)
    added = 0
    try:
        for number, batch in enumerate(batches):
            pipes[number % workers].send(batch)
            added += len(batch)
            if progress:
                progress(added)
        for pipe in pipes:
            pipe.send(None)
        results = []
        for pipe in pipes:
            kind, payload = pipe.recv()
            if kind == "error":
                raise RuntimeError(f"An index-building process failed:\n{payload}")
            results.append(payload)
    finally:
        for pipe in pipes:  # a writer still waiting for batches (this one failed) reads the end
            pipe.close()
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    return results, added
