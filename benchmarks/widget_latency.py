"""How long does the neuron explorer take to answer a slider move, inside a real Jupyter kernel?

    .venv/bin/python benchmarks/widget_latency.py [--moves 50]

Starts a kernel (jupyter_client, this interpreter), builds ``widgets.neuron_explorer()`` in it and moves the
``x1`` slider 50 times. Setting ``slider.value`` runs the explorer's observer synchronously (nnlib computes, the
readout is rewritten, the figure is updated in place and re-rendered to PNG), so ``time.perf_counter`` around the
assignment measures the time from the change to the updated readout and figure. For reference it also times a bare
``nl.Neuron(...).fires`` call and one full render of the figure (no blitting), in the same run.
Target: median <= 50 ms.
"""
import argparse
import json
import sys
import textwrap

from jupyter_client import KernelManager

TARGET_MS = 50.0

CODE = textwrap.dedent("""
    import json, statistics, time
    import numpy as np
    import nnlib as nl
    from nnlib import widgets

    def summary(seconds):
        ms = sorted(1000 * s for s in seconds)
        return {"median": statistics.median(ms), "p90": ms[int(0.9 * (len(ms) - 1))], "max": ms[-1]}

    e = widgets.neuron_explorer()
    slider = e.controls["x1"]
    values = np.round(np.linspace(-1.9, 1.9, MOVES), 2)
    moves = []
    for v in values:                              # a drag across the whole slider: the neuron starts firing
        t0 = time.perf_counter()
        slider.value = float(v)                   # observer -> nnlib -> readout -> figure -> PNG bytes
        moves.append(time.perf_counter() - t0)
        assert str(e.state["z"])                  # the readout is there when the assignment returns
    bare = []
    for v in values:
        t0 = time.perf_counter()
        nl.Neuron([1.0, 1.0], -1.5).fires([float(v), 1.0])
        bare.append(time.perf_counter() - t0)
    full = []
    for _ in range(10):
        t0 = time.perf_counter()
        e.figure.canvas.draw()                    # a full redraw of every artist, for comparison
        widgets._png(e.figure.canvas)
        full.append(time.perf_counter() - t0)
    print("RESULT" + json.dumps({"move": summary(moves), "bare": summary(bare), "full_render": summary(full),
                                "png_bytes": len(e.image.value)}))
""")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=50)
    args = parser.parse_args()
    km = KernelManager(kernel_name="python3")          # the native kernel: this interpreter
    km.start_kernel()
    out = []
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)

        def hook(msg):
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append("\n".join(msg["content"]["traceback"]))

        reply = kc.execute_interactive(CODE.replace("MOVES", str(args.moves)), timeout=300, output_hook=hook)
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
    text = "".join(out)
    if reply["content"]["status"] != "ok" or "RESULT" not in text:
        print(text, file=sys.stderr)
        return 2
    r = json.loads(text.split("RESULT", 1)[1].strip())
    m, b, f = r["move"], r["bare"], r["full_render"]
    print(f"neuron_explorer in a kernel, {args.moves} slider moves (x1):")
    print(f"  slider change -> readout + figure: median {m['median']:.1f} ms, p90 {m['p90']:.1f} ms, "
          f"max {m['max']:.1f} ms   (target: median <= {TARGET_MS:.0f} ms)")
    print(f"  bare nl.Neuron(...).fires:          median {1000 * b['median']:.1f} µs, p90 {1000 * b['p90']:.1f} µs")
    print(f"  one full figure render (no blit):   median {f['median']:.1f} ms, p90 {f['p90']:.1f} ms")
    print(f"  PNG size: {r['png_bytes']} bytes")
    ok = m["median"] <= TARGET_MS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
