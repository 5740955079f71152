"""Benchmark one training step (forward, loss, backward, update) of `backprop_core.MLP`.

Compares, per configuration and dtype:
  * backprop_core     MLP.step: the package as the book uses it, input checks included;
  * per-sample loop   the sources' formulas applied one sample at a time (NumPy vectors per
                      sample, a Python loop over the batch), the way the blog posts present them;
  * plain             a plain vectorized NumPy step with no input checks and no reused buffers,
                      the reference the targets were set against (shown as plain/torch);
  * torch             PyTorch CPU eager with autograd, if installed (pip install -r
                      requirements-bench.txt).
and measures, in the same run, the NumPy matmul peak (GFLOP/s, square matrices) and each
configuration's matmul ceiling: the same step's matrix products alone, into preallocated arrays,
the most a NumPy step of those shapes can reach. "% ceiling" = ceiling time / step time.
Each time is a median over rounds; each configuration is run in PHASES phases per contestant
and the best phase is kept: this shared machine's speed drifts by up to 2x for seconds at a
time, and keeping the best phase of each contestant compares them at the machine's full speed.

    python bench/bench_step.py            # full table (about 3 minutes on 2 cores)
    python bench/bench_step.py --quick    # fewer repeats

All layers use the sigmoid, the activation of the sources; the loss is the summed L2 loss.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np

import backprop_core as bc

try:
    import torch
except ImportError:  # the benchmark still runs, without the torch column
    torch = None

CONFIGS = [
    ([2, 3, 2], 1),
    ([2, 2, 2, 1], 64),
    ([784, 128, 10], 128),
    ([784, 256, 256, 10], 1024),
    ([1024, 1024, 1024], 4096),
]
LR = 1e-3
LOOP_SAMPLES = 64  # the per-sample loop is timed on at most this many samples, then scaled
PHASES = 3  # alternating NumPy and torch phases per configuration; the best phase is kept


def matmul_flops(sizes: list[int], batch: int) -> float:
    """FLOPs of the matrix products in one step: forward, weight gradients, and the input
    gradients of every layer but the first (which nobody needs)."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    forward = sum(2.0 * batch * i * o for i, o in pairs)
    backward_inputs = sum(2.0 * batch * i * o for i, o in pairs[1:])
    return 2 * forward + backward_inputs


def timed(fn: Callable[[], object], min_time: float, min_repeats: int = 5) -> float:
    """Median seconds per call, repeating until `min_time` seconds have been spent."""
    return timed_together({"fn": fn}, min_time, min_repeats)["fn"]


def timed_together(
    fns: dict[str, Callable[[], object]], min_time: float, min_repeats: int = 5
) -> dict[str, float]:
    """Median seconds per call of each function, timed in alternating rounds.

    This machine's speed drifts (shared cores): alternating the contestants round by round
    exposes them to the same drift, so their ratios are trustworthy even when absolute times
    wobble. Fast functions are timed in blocks of calls to keep timer overhead out.
    """
    block = {}
    for name, fn in fns.items():
        fn()  # warm up (and allocate any buffers)
        t0 = time.perf_counter()
        fn()
        once = time.perf_counter() - t0
        block[name] = max(1, int(1e-3 / max(once, 1e-9)))  # blocks of about 1 ms
    samples: dict[str, list[float]] = {name: [] for name in fns}
    start = time.perf_counter()
    while min(
        len(v) for v in samples.values()
    ) < min_repeats or time.perf_counter() - start < min_time * len(fns):
        for name, fn in fns.items():
            n = block[name]
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            samples[name].append((time.perf_counter() - t0) / n)
        if len(samples[next(iter(fns))]) >= 2000:
            break
    return {name: statistics.median(v) for name, v in samples.items()}


def matmul_ceiling(sizes: list[int], batch: int, dtype: type) -> Callable[[], None]:
    """The step's matrix products alone, into preallocated outputs: the most any NumPy step
    with these shapes can reach."""
    rng = np.random.default_rng(2)
    h = [rng.standard_normal((batch, n)).astype(dtype) for n in sizes]
    Ws = [rng.standard_normal((i, o)).astype(dtype) for i, o in zip(sizes[:-1], sizes[1:])]
    fwd = [np.empty((batch, n), dtype) for n in sizes[1:]]
    dW = [np.empty_like(W) for W in Ws]
    dX = [np.empty((batch, n), dtype) for n in sizes[:-1]]

    def run() -> None:
        for l, W in enumerate(Ws):
            np.matmul(h[l], W, out=fwd[l])
            np.matmul(h[l].T, h[l + 1], out=dW[l])
            if l > 0:
                np.matmul(h[l + 1], W.T, out=dX[l])

    return run


def matmul_peak(dtype: type, min_time: float) -> float:
    """Best NumPy matmul throughput (GFLOP/s) over a few square sizes."""
    rng = np.random.default_rng(0)
    best = 0.0
    for n in (512, 1024, 2048):
        A = rng.standard_normal((n, n)).astype(dtype)
        B = rng.standard_normal((n, n)).astype(dtype)
        out = np.empty((n, n), dtype=dtype)
        seconds = timed(lambda A=A, B=B, out=out: np.matmul(A, B, out=out), min_time)
        best = max(best, 2.0 * n**3 / seconds / 1e9)
    return best


def problem(sizes: list[int], batch: int, dtype: type) -> tuple[bc.MLP, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    net = bc.MLP(sizes, "sigmoid", seed=0, dtype=dtype)
    X = rng.uniform(-1, 1, (batch, sizes[0])).astype(dtype)
    T = rng.uniform(0, 1, (batch, sizes[-1])).astype(dtype)
    return net, X, T


def per_sample_step(Ws: list, bs: list, X: np.ndarray, T: np.ndarray) -> None:
    """The sources' formulas, one sample at a time:
    delta_k = (y_k - t_k) y_k (1 - y_k), delta_j = (sum_k delta_k w_jk) h_j (1 - h_j),
    dL/dw_ij = delta_j h_i, summed over the samples, then w <- w - lr dL/dw."""
    dW = [np.zeros_like(W) for W in Ws]
    db = [np.zeros_like(b) for b in bs]
    for x, t in zip(X, T):
        hs = [x]
        for W, b in zip(Ws, bs):
            hs.append(1.0 / (1.0 + np.exp(-(hs[-1] @ W + b))))
        delta = (hs[-1] - t) * hs[-1] * (1 - hs[-1])
        for l in range(len(Ws) - 1, -1, -1):
            dW[l] += np.outer(hs[l], delta)
            db[l] += delta
            if l > 0:
                delta = (Ws[l] @ delta) * hs[l] * (1 - hs[l])
    for W, b, gW, gb in zip(Ws, bs, dW, db):
        W -= LR * gW
        b -= LR * gb


def plain_step(Ws: list, bs: list, X: np.ndarray, T: np.ndarray) -> None:
    """The reference of the issue: a plain vectorized NumPy step, no checks, no buffers."""
    hs = [X]
    for W, b in zip(Ws, bs):
        hs.append(1.0 / (1.0 + np.exp(-(hs[-1] @ W + b))))
    delta = (hs[-1] - T) * hs[-1] * (1 - hs[-1])
    for l in range(len(Ws) - 1, -1, -1):
        gW, gb = hs[l].T @ delta, delta.sum(axis=0)
        if l > 0:
            delta = (delta @ Ws[l].T) * hs[l] * (1 - hs[l])
        Ws[l] -= LR * gW
        bs[l] -= LR * gb


def time_loop(net: bc.MLP, X: np.ndarray, T: np.ndarray, min_time: float) -> tuple[float, bool]:
    n = min(LOOP_SAMPLES, X.shape[0])
    Ws = [W.copy() for W in net.weights]
    bs = [b.copy() for b in net.biases]
    with np.errstate(over="ignore"):
        seconds = timed(lambda: per_sample_step(Ws, bs, X[:n], T[:n]), min_time, min_repeats=3)
    return seconds * X.shape[0] / n, n < X.shape[0]


def torch_step(net: bc.MLP, X: np.ndarray, T: np.ndarray) -> Callable[[], None]:
    Ws = [torch.tensor(W, requires_grad=True) for W in net.weights]
    bs = [torch.tensor(b, requires_grad=True) for b in net.biases]
    Xt, Tt = torch.from_numpy(X), torch.from_numpy(T)
    params = Ws + bs

    def step() -> None:
        h = Xt
        for W, b in zip(Ws, bs):
            h = torch.sigmoid(torch.addmm(b, h, W))
        loss = 0.5 * ((h - Tt) ** 2).sum()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(p.grad, alpha=LR)
                p.grad = None

    return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter timings")
    args = parser.parse_args()
    min_time = 0.3 if args.quick else 1.5

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, numpy {np.__version__}", end="")
    print(
        f", torch {torch.__version__} ({torch.get_num_threads()} threads)"
        if torch
        else ", no torch"
    )
    for dtype in (np.float64, np.float32):
        peak = matmul_peak(dtype, min_time)
        print(f"\n{np.dtype(dtype).name}: numpy matmul peak {peak:.1f} GFLOP/s (square, 512-2048)")
        header = (
            f"{'config':>16} {'batch':>5} | {'core ms':>9} {'torch ms':>9} {'loop ms':>10} | "
            f"{'core/torch':>10} {'plain/torch':>11} {'loop/core':>9} | "
            f"{'GFLOP/s':>7} {'% peak':>6} {'% ceiling':>9}"
        )
        print(header)
        print("-" * len(header))
        for sizes, batch in CONFIGS:
            net, X, T = problem(sizes, batch, dtype)
            Ws = [W.copy() for W in net.weights]
            bs = [b.copy() for b in net.biases]
            fns = {
                "core": lambda net=net, X=X, T=T: net.step(X, T, LR),
                "plain": lambda Ws=Ws, bs=bs, X=X, T=T: plain_step(Ws, bs, X, T),
                "ceiling": matmul_ceiling(sizes, batch, dtype),
            }
            # torch's worker threads and NumPy's BLAS threads each spin for a while after
            # working; run side by side they fight over the cores. So torch gets phases of its
            # own, alternated with NumPy's, with a pause before each.
            runs: dict[str, list[float]] = {"core": [], "plain": [], "ceiling": [], "torch": []}
            for _ in range(PHASES):
                time.sleep(0.3)
                with np.errstate(over="ignore"):
                    for name, seconds in timed_together(fns, min_time / PHASES).items():
                        runs[name].append(seconds)
                if torch is not None:
                    time.sleep(0.3)
                    runs["torch"].append(timed(torch_step(net, X, T), min_time / PHASES))
            core, ceiling, plain = min(runs["core"]), min(runs["ceiling"]), min(runs["plain"])
            tt = min(runs["torch"]) if runs["torch"] else float("nan")
            loop, scaled = time_loop(net, X, T, min_time)
            gflops = matmul_flops(sizes, batch) / core / 1e9
            name = "-".join(map(str, sizes))
            star = "*" if scaled else " "
            print(
                f"{name:>16} {batch:>5} | {core * 1e3:9.3f} {tt * 1e3:9.3f} "
                f"{loop * 1e3:9.2f}{star} | {core / tt:10.2f} {plain / tt:11.2f} "
                f"{loop / core:9.0f} | "
                f"{gflops:7.1f} {100 * gflops / peak:5.0f}% {100 * ceiling / core:8.0f}%"
            )
    print(f"\n* per-sample loop timed on {LOOP_SAMPLES} samples and scaled to the batch")

    print("\nTime against batch size (784-128-10, float64): linear means constant ms per sample")
    for batch in (256, 512, 1024, 2048, 4096, 8192):
        net, X, T = problem([784, 128, 10], batch, np.float64)
        seconds = timed(lambda net=net, X=X, T=T: net.step(X, T, LR), min_time)
        per_sample = seconds / batch * 1e6
        print(f"  batch {batch:>5}: {seconds * 1e3:8.3f} ms/step, {per_sample:6.2f} µs/sample")


if __name__ == "__main__":
    main()
