"""How fast do the explorers answer a slider move: in the page with no kernel, and inside a Jupyter kernel?

    .venv/bin/python benchmarks/widget_latency.py [--moves 40] [--only browser|kernel] [--site _build/html]

Browser (the static page, what a reader of the published book gets): headless Chromium opens every chapter page
of the built site that shows a live explorer (or, without a built site, a page tests/browserkit.py writes with
the same scripts and the widget state of issue 9's five explorers). For every slider of every live explorer it presses ArrowRight/ArrowLeft with the
keyboard ``--moves`` times and measures, in the page, from the key event's timestamp (``event.timeStamp``, set by
the browser when the key arrives) to:
  dom    the explorer's SVG/readout changed (a MutationObserver; the view updates synchronously),
  frame  the next animation frame (``requestAnimationFrame`` after the change: the frame that shows it),
  paint  just after that frame was rendered (a message posted from the rAF callback).
Target: median key -> painted <= 16 ms (the change is on screen within one frame at 60 Hz).

Kernel: starts a kernel (jupyter_client, this interpreter), builds every explorer in it and sets each slider's
``value`` ``--moves`` times; the observer recomputes ``.state`` with nnlib and updates the view's trait (the
message to the page). ``time.perf_counter`` around the assignment measures it.
"""
import argparse
import json
import statistics
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
TARGET_MS = 16.0
LIVE = {"book/01_neuron": "neuron_explorer", "book/02_firing": "gate_explorer",
        "book/03_activations": "activation_explorer", "book/04_networks": "bump_builder",
        "book/05_loss": "loss_explorer"}

MEASURE = """root => {
  const view = root.querySelector('.nnx');
  window.__lat = window.__lat || [];
  let t0 = null, dom = null;
  new MutationObserver(() => { if (t0 !== null && dom === null) dom = performance.now(); })
    .observe(view, { subtree: true, childList: true, attributes: true, characterData: true });
  root.addEventListener('keydown', (e) => {
    t0 = e.timeStamp; dom = null;
    requestAnimationFrame(() => {
      const frame = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        window.__lat.push({ dom: dom === null ? null : dom - t0, frame: frame - t0, paint: performance.now() - t0 });
        t0 = null;
      };
      ch.port2.postMessage(0);
    });
  }, true);
}"""


def summary(ms):
    ms = sorted(ms)
    return {"n": len(ms), "median": statistics.median(ms), "p90": ms[int(0.9 * (len(ms) - 1))], "max": ms[-1]}


def _pages(site):
    """(folder to serve, url paths, what): every chapter of the built site that shows a live explorer, or a page
    written for the run with issue 9's five explorers when there is no built site with live explorers."""
    built = sorted(str(p.relative_to(site)) for p in (site / "book").glob("[0-9][0-9]_*.html")
                   if '"_anywidget_id"' in p.read_text(encoding="utf-8")) if (site / "book").is_dir() else []
    if built:
        return site, built, "the built site"
    import browserkit
    from nnlib import widgets

    folder = Path(tempfile.mkdtemp(prefix="nnlib-latency-"))
    browserkit.explorer_page([getattr(widgets, b)() for b in LIVE.values()], folder)
    return folder, ["index.html"], "a page with the site's scripts (no built site with live explorers found)"


def browser(moves, site):
    import browserkit
    from playwright.sync_api import sync_playwright

    if browserkit.chromium() is None:
        print("browser: Chromium not found (apt-get install chromium); skipped")
        return None
    folder, paths, what = _pages(site)
    per_slider, everything = [], {"dom": [], "frame": [], "paint": []}
    with browserkit.serve(folder) as url, sync_playwright() as pw:
        chromium = browserkit.launch(pw)
        for path in paths:
            page = chromium.new_page(viewport={"width": 1280, "height": 900})
            rec = browserkit.Recorder(page)
            page.goto(f"{url}/{path}")
            page.wait_for_selector(".nnx", timeout=20_000)
            for root in page.locator(".nnlib-explorer").all():
                if not root.locator(".nnx").count():
                    continue
                name = root.locator(".nnx").get_attribute("data-view")
                root.evaluate(MEASURE)
                for handle in root.locator(".widget-slider .noUi-handle").all():
                    label = handle.locator("xpath=ancestor::div[contains(@class,'widget-slider')]").locator(
                        ".widget-label").inner_text()
                    handle.focus()
                    page.evaluate("() => { window.__lat = []; }")
                    for i in range(moves):
                        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
                        at_min = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemin")
                        key = "ArrowLeft" if at_max or (i // 10 % 2 and not at_min) else "ArrowRight"
                        page.keyboard.press(key)
                        page.wait_for_function(f"window.__lat.length >= {i + 1}", timeout=5_000)
                    lat = page.evaluate("() => window.__lat")
                    changed = [x for x in lat if x["dom"] is not None]
                    for k in everything:
                        everything[k] += [x[k] for x in changed]
                    per_slider.append((f"{name}.{label}", len(changed), len(lat),
                                       summary([x["frame"] for x in changed]) if changed else None))
            problems = rec.problems()
            if problems:
                print(f"{path}: {problems}", file=sys.stderr)
            page.close()
        chromium.close()
    print(f"browser: {what}; {moves} key presses per slider")
    for name, n, total, s in per_slider:
        text = f"median {s['median']:5.1f} ms  p90 {s['p90']:5.1f} ms" if s else "no change seen"
        print(f"  {name:28s} key -> frame  {text}   ({n}/{total} presses changed the view)")
    result = {k: summary(v) for k, v in everything.items() if v}
    for k, label in (("dom", "key -> view updated"), ("frame", "key -> next frame"), ("paint", "key -> painted")):
        if k in result:
            r = result[k]
            print(f"  all sliders, {label:20s} median {r['median']:5.1f} ms  p90 {r['p90']:5.1f} ms  "
                  f"max {r['max']:5.1f} ms  (n = {r['n']})")
    return result


KERNEL_CODE = textwrap.dedent("""
    import inspect, json, statistics, time
    from nnlib import widgets

    def summary(seconds):
        ms = sorted(1000 * s for s in seconds)
        return {"median": statistics.median(ms), "p90": ms[int(0.9 * (len(ms) - 1))], "max": ms[-1]}

    out = {}
    for builder in widgets.__all__:                   # every explorer that can be built without arguments
        make = getattr(widgets, builder)
        if not callable(make) or builder == "Explorer" or any(
                p.default is p.empty for p in inspect.signature(make).parameters.values()):
            continue
        e = make()
        for key, c in e.controls.items():
            if not hasattr(c, "step"):
                continue
            times, start = [], time.perf_counter()
            for i in range(MOVES):
                if time.perf_counter() - start > 10:  # a slow one (training) gets fewer moves
                    break
                frac = ((i * 7) % MOVES) / MOVES
                v = c.min + (c.max - c.min) * frac
                if hasattr(c, "base"):                # FloatLogSlider: min and max are exponents
                    v = c.base ** v
                elif isinstance(c.value, int):
                    v = int(round(v))
                if v == c.value:                      # not a move
                    continue
                t0 = time.perf_counter()
                c.value = v                      # observer: nnlib recomputes .state, the view's trait is updated
                times.append(time.perf_counter() - t0)
            out[f"{builder}.{key}"] = summary(times)
    print("RESULT" + json.dumps(out))
""")


def kernel(moves):
    from jupyter_client import KernelManager

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

        code = KERNEL_CODE.replace("MOVES", str(moves))
        reply = kc.execute_interactive(code, timeout=600, output_hook=hook)
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
    text = "".join(out)
    if reply["content"]["status"] != "ok" or "RESULT" not in text:
        print(text, file=sys.stderr)
        return None
    r = json.loads(text.split("RESULT", 1)[1].strip())
    print(f"kernel: slider.value = ... -> .state recomputed by nnlib and the view's trait set ({moves} moves each)")
    for name, s in r.items():
        print(f"  {name:28s} median {s['median']:6.2f} ms  p90 {s['p90']:6.2f} ms  max {s['max']:6.2f} ms")
    return r


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--only", choices=["browser", "kernel"])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    args = parser.parse_args()
    ok = True
    if args.only != "kernel":
        r = browser(args.moves, args.site)
        if r is not None:
            good = r["paint"]["median"] <= TARGET_MS
            print(f"  target: median key -> painted <= {TARGET_MS:.0f} ms: {'PASS' if good else 'FAIL'}")
            ok &= good
    if args.only != "browser":
        ok &= kernel(args.moves) is not None
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
