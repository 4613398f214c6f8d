"""Writing an index in several forked processes (both engines' rebuilds)."""

import multiprocessing
import traceback
from collections.abc import Callable, Iterable, Iterator


def _child(write, number: int, connection) -> None:
    """A forked process: ``write`` the batches received until None, then send back its result."""
    try:
        connection.send(("done", write(number, iter(connection.recv, None))))
    except BaseException:
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
    that fails raises RuntimeError here with its traceback."""
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for number in range(workers):
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_child, args=(write, number, child_end), daemon=True)
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
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    return results, added
