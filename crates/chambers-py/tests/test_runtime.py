"""The GIL is released during computation, and Ctrl-C (KeyboardInterrupt) stops a long run."""

import _thread
import signal
import threading
import time

import chambers


def test_gil_is_released(sample_edges):
    ticks = 0
    stop = threading.Event()

    def tick():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    thread = threading.Thread(target=tick)
    thread.start()
    started = time.perf_counter()
    chambers.overlap(sample_edges)
    elapsed = time.perf_counter() - started
    stop.set()
    thread.join()
    # A thread that never got the GIL would not tick at all; with it released, it ticks about
    # once per millisecond of the run.
    assert ticks > 0.2 * elapsed * 1000, (ticks, elapsed)


def test_ctrl_c_stops_an_analysis(sample_edges):
    # Python turns Ctrl-C into KeyboardInterrupt only when SIGINT was not ignored when it
    # started; a shell starts background jobs with SIGINT ignored, so install the handler an
    # interactive session has.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    full = float("inf")
    try:
        # The shorter of two full runs, so that one slow run cannot put the interrupt after the
        # end of the interrupted run.
        for _ in range(2):
            started = time.perf_counter()
            chambers.analyze(sample_edges, controversy_null=5, null=5)
            full = min(full, time.perf_counter() - started)
        _interrupted_run(sample_edges, full)
    finally:
        signal.signal(signal.SIGINT, previous)


def _interrupted_run(sample_edges, full):
    timer = threading.Timer(0.1 * full, _thread.interrupt_main)
    started = time.perf_counter()
    timer.start()
    try:
        chambers.analyze(sample_edges, controversy_null=5, null=5)
    except KeyboardInterrupt:
        stopped = time.perf_counter() - started
    else:
        raise AssertionError("the analysis was not interrupted")
    finally:
        timer.cancel()
    assert stopped < 0.8 * full, (stopped, full)
