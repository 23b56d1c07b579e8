"""Benchmark: train the digits with nnlib and, in the same run, with a hand-written numpy loop,
scikit-learn's MLPClassifier and (if installed) PyTorch. Prints times, ratios and test accuracy.

Work: a 64-128-10 ReLU network, 20 epochs, batch 32, SGD with momentum 0.9, learning rate 0.05, float64.
Run: .venv/bin/python benchmarks/train_digits.py [--repeats 3]
The bar nnlib must clear: at most 1.5x the hand-written loop's time, test accuracy >= 0.96.
"""
import argparse
import time
import warnings

import numpy as np

import nnlib as nl

EPOCHS, BATCH, LR, MOMENTUM, HIDDEN = 20, 32, 0.05, 0.9, 128


def data():
    X, y = nl.load_digits()
    Xtr, Xte, ytr, yte = nl.train_test_split(X, y, test_size=0.2, rng=0)
    return Xtr, ytr, Xte, yte


def run_nnlib(Xtr, ytr, Xte, yte):
    model = nl.Sequential(nl.Linear(64, HIDDEN, rng=1), nl.ReLU(), nl.Linear(HIDDEN, 10, rng=2))
    opt = nl.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    nl.fit(model, nl.CrossEntropyLoss(), opt, Xtr, ytr, epochs=EPOCHS, batch_size=BATCH, rng=3, progress=False)
    return nl.accuracy(model, Xte, yte)


def run_numpy(Xtr, ytr, Xte, yte):
    """The same work written out by hand: forward, softmax cross-entropy, backward, momentum update."""
    init1, init2 = nl.Linear(64, HIDDEN, rng=1), nl.Linear(HIDDEN, 10, rng=2)
    params = [init1.weight.data.copy(), init1.bias.data.copy(), init2.weight.data.copy(), init2.bias.data.copy()]
    W1, b1, W2, b2 = params
    vel = [np.zeros_like(p) for p in params]
    rng = np.random.default_rng(3)
    n = len(Xtr)
    for _ in range(EPOCHS):
        order = rng.permutation(n)
        total, correct = 0.0, 0
        for start in range(0, n, BATCH):
            idx = order[start:start + BATCH]
            x, y = Xtr[idx], ytr[idx]
            h_pre = x @ W1.T + b1
            h = np.maximum(h_pre, 0)
            z = h @ W2.T + b2
            z = z - z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            m = len(idx)
            total += -np.log(p[np.arange(m), y]).sum()
            correct += int((p.argmax(axis=1) == y).sum())
            dz = p
            dz[np.arange(m), y] -= 1
            dz /= m
            dW2, db2 = dz.T @ h, dz.sum(axis=0)
            dh = (dz @ W2) * (h_pre > 0)
            dW1, db1 = dh.T @ x, dh.sum(axis=0)
            for param, v, g in zip(params, vel, (dW1, db1, dW2, db2)):
                v *= MOMENTUM
                v += g
                param -= LR * v
    out = np.maximum(Xte @ W1.T + b1, 0) @ W2.T + b2
    return float(np.mean(out.argmax(axis=1) == yte))


def run_sklearn(Xtr, ytr, Xte, yte):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    clf = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="sgd", alpha=0.0,
                        batch_size=BATCH, learning_rate_init=LR, momentum=MOMENTUM, nesterovs_momentum=False,
                        max_iter=EPOCHS, tol=0.0, n_iter_no_change=EPOCHS + 1, random_state=0, shuffle=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(Xtr, ytr)
    return float(clf.score(Xte, yte))


def run_torch(Xtr, ytr, Xte, yte):
    import torch
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(64, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 10)).double()
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    loss_fn = torch.nn.CrossEntropyLoss()
    X, y = torch.tensor(Xtr), torch.tensor(ytr)
    g = torch.Generator().manual_seed(3)
    for _ in range(EPOCHS):
        order = torch.randperm(len(X), generator=g)
        for start in range(0, len(X), BATCH):
            idx = order[start:start + BATCH]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
    with torch.no_grad():
        return float((model(torch.tensor(Xte)).argmax(1).numpy() == yte).mean())


def time_all(contenders, args, repeats):
    """Best time and accuracy of each contender, taking turns round by round so that a busy machine slows
    every contender alike."""
    best = {name: (float("inf"), None) for name, _ in contenders}
    for _ in range(repeats):
        for name, fn in contenders:
            t0 = time.perf_counter()
            acc = fn(*args)
            best[name] = (min(best[name][0], time.perf_counter() - t0), acc)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per contender; the fastest counts")
    args = parser.parse_args()
    split = data()
    # One BLAS thread for everyone: at these sizes threads cost more than they give, and a second busy core
    # would make the timings noisy.
    from threadpoolctl import threadpool_limits
    threadpool_limits(1)
    contenders = [("hand-written numpy", run_numpy), ("nnlib", run_nnlib), ("scikit-learn MLPClassifier", run_sklearn)]
    try:
        import torch
        torch.set_num_threads(1)
        contenders.append(("PyTorch (float64, 1 thread)", run_torch))
    except ImportError:
        print("PyTorch is not installed: skipping that reference.")
    results = time_all(contenders, split, args.repeats)
    ref = results["hand-written numpy"][0]
    print(f"digits: {len(split[0])} train / {len(split[2])} test, 64-{HIDDEN}-10 ReLU, {EPOCHS} epochs, "
          f"batch {BATCH}, SGD lr={LR} momentum={MOMENTUM}; best of {args.repeats}")
    print(f"{'':30s} {'seconds':>8s} {'x numpy loop':>13s} {'test acc':>9s}")
    for name, (t, acc) in results.items():
        print(f"{name:30s} {t:8.3f} {t / ref:13.2f} {acc:9.4f}")
    t_nn, acc_nn = results["nnlib"]
    ok = t_nn <= 1.5 * ref and acc_nn >= 0.96
    print(f"nnlib: {t_nn / ref:.2f}x the hand-written loop (bar 1.5x), test accuracy {acc_nn:.4f} (bar 0.96): "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
