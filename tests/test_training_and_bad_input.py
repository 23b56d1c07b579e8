"""Training with nnlib (what the chapters rely on) and every bad input refused with a clear message."""
import numpy as np
import pytest

import nnlib as nl


# --- learning ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_perceptron_learns_linearly_separable_gates(gate):
    X, y = nl.logic_gate(gate)
    neuron, mistakes = nl.train_perceptron(X, y, epochs=50)
    assert mistakes[-1] == 0
    np.testing.assert_array_equal(neuron(X), y)


def test_perceptron_cannot_learn_xor():
    X, y = nl.logic_gate("XOR")
    neuron, mistakes = nl.train_perceptron(X, y, epochs=200)
    assert len(mistakes) == 200 and min(mistakes) > 0
    assert np.sum(neuron(X) == y) <= 3          # no line gets all four right


def test_two_two_one_network_learns_xor():
    X, y = nl.logic_gate("XOR")
    net = nl.Sequential(nl.Linear(2, 2, rng=0), nl.Tanh(), nl.Linear(2, 1, rng=1))
    opt = nl.Adam(net.parameters(), lr=0.05)
    hist = nl.fit(net, nl.BCEWithLogitsLoss(), opt, X, y[:, None].astype(float), epochs=600, batch_size=4, rng=0,
                  progress=False)
    assert hist["accuracy"][-1] == 1.0
    np.testing.assert_array_equal((net(X)[:, 0] > 0).astype(int), y)


def test_small_network_overfits_twenty_samples():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 5)), rng.integers(0, 3, 20)      # random labels: only memorising works
    net = nl.Sequential(nl.Linear(5, 64, rng=1), nl.ReLU(), nl.Linear(64, 3, rng=2))
    hist = nl.fit(net, nl.CrossEntropyLoss(), nl.Adam(net.parameters(), lr=0.01), X, y, epochs=300,
                  batch_size=20, rng=0, progress=False)
    assert hist["loss"][-1] < 0.01 and hist["accuracy"][-1] == 1.0


def test_fit_history_with_validation_and_determinism():
    X, y = nl.make_moons(200, noise=0.15, rng=1)
    Xtr, Xva, ytr, yva = nl.train_test_split(X, y, test_size=0.25, rng=0)

    def run():
        net = nl.Sequential(nl.Linear(2, 16, rng=0), nl.ReLU(), nl.Linear(16, 2, rng=1))
        return nl.fit(net, nl.CrossEntropyLoss(), nl.SGD(net.parameters(), lr=0.1, momentum=0.9), Xtr, ytr,
                      epochs=30, batch_size=16, rng=3, validation=(Xva, yva), progress=False), net

    hist, net = run()
    assert set(hist) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 30 for v in hist.values())
    assert hist["loss"][-1] < hist["loss"][0]
    assert hist["val_accuracy"][-1] == pytest.approx(nl.accuracy(net, Xva, yva))
    assert hist["val_accuracy"][-1] > 0.9
    assert run()[0] == hist                       # same seeds, same numbers


def test_fit_progress_bar_shows_no_timings(capsys):
    X, y = nl.logic_gate("AND")
    net = nl.Sequential(nl.Linear(2, 1, rng=0))
    nl.fit(net, nl.MSELoss(), nl.SGD(net.parameters(), lr=0.1), X, y[:, None] * 1.0, epochs=3, progress=True)
    err = capsys.readouterr().err
    assert "3/3 epochs" in err and "loss=" in err
    assert "it/s" not in err and "s/it" not in err and "00:" not in err
    nl.fit(net, nl.MSELoss(), nl.SGD(net.parameters(), lr=0.1), X, y[:, None] * 1.0, epochs=3, progress=False)
    assert capsys.readouterr().err == ""


def test_diverging_run_stops_and_says_why():
    X = np.linspace(-10, 10, 40)[:, None]
    y = 3 * X
    net = nl.Sequential(nl.Linear(1, 1, rng=0))
    with pytest.raises(nl.TrainingDiverged, match=r"epoch \d+.*smaller learning rate.*lr=5"):
        nl.fit(net, nl.MSELoss(), nl.SGD(net.parameters(), lr=5.0), X, y, epochs=200, batch_size=40,
               progress=False)


def test_digits_ship_with_scikit_learn():
    X, y = nl.load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0.0 and X.max() == 1.0 and set(np.unique(y)) == set(range(10))


@pytest.mark.parametrize("make", [nl.make_moons, nl.make_circles, nl.make_spirals])
def test_generators_are_seeded(make):
    X1, y1 = make(rng=5)
    X2, y2 = make(rng=5)
    X3, _ = make(rng=6)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert X1.shape[1] == 2 and len(X1) == len(y1) and np.issubdtype(y1.dtype, np.integer)


# --- bad input ---------------------------------------------------------------------------------------------

def test_wrong_number_of_features():
    with pytest.raises(ValueError, match="X has 3 features, but Linear\\(4, 2\\) is expecting 4 features"):
        nl.Linear(4, 2, rng=0)(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"batch of shape \(N, features\).*shape \(4,\)"):
        nl.Linear(4, 2, rng=0)(np.zeros(4))
    with pytest.raises(ValueError, match="X has 1 channels, but Conv2d.*expecting 2 channels"):
        nl.Conv2d(2, 1, 3, rng=0)(np.zeros((1, 1, 5, 5)))
    with pytest.raises(ValueError, match=r"\(N, T, features\)"):
        nl.RNN(2, 3, rng=0)(np.zeros((4, 2)))


def test_shape_mismatch_is_refused_not_broadcast():
    with pytest.raises(ValueError, match=r"predictions have shape \(4, 1\) but targets have shape \(4,\)"):
        nl.MSELoss()(np.zeros((4, 1)), np.zeros(4))
    with pytest.raises(ValueError, match="must match exactly"):
        nl.BCEWithLogitsLoss()(np.zeros(4), np.zeros((4, 1)))


def test_class_indices_checked():
    logits = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"must lie in \[0, 3\] for 4 classes, but got 4"):
        nl.CrossEntropyLoss()(logits, np.array([0, 4, 1]))
    with pytest.raises(ValueError, match="but got -1"):
        nl.CrossEntropyLoss()(logits, np.array([0, -1, 1]))
    with pytest.raises(TypeError, match="must be integers, but got dtype float64"):
        nl.CrossEntropyLoss()(logits, np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match=r"expected 3 class indices.*shape \(2,\)"):
        nl.CrossEntropyLoss()(logits, np.array([0, 1]))


def test_fit_refuses_bad_data():
    net = nl.Sequential(nl.Linear(2, 2, rng=0))
    opt = nl.SGD(net.parameters(), lr=0.1)
    X = np.zeros((5, 2))
    with pytest.raises(ValueError, match="X has 5 and y has 4"):
        nl.fit(net, nl.CrossEntropyLoss(), opt, X, np.zeros(4, dtype=int), epochs=1, progress=False)
    bad = X.copy()
    bad[1, 0] = np.nan
    bad[3, 1] = np.inf
    with pytest.raises(ValueError, match="fit X contains 2 NaN or infinite"):
        nl.fit(net, nl.CrossEntropyLoss(), opt, bad, np.zeros(5, dtype=int), epochs=1, progress=False)
    with pytest.raises(ValueError, match="validation: X and y must have the same number"):
        nl.fit(net, nl.CrossEntropyLoss(), opt, X, np.zeros(5, dtype=int), epochs=1, progress=False,
               validation=(X, np.zeros(3, dtype=int)))


def test_optimiser_settings_checked():
    params = nl.Linear(2, 2, rng=0).parameters()
    with pytest.raises(ValueError, match=r"learning rate must be a finite number >= 0, but got lr=-0.1"):
        nl.SGD(params, lr=-0.1)
    with pytest.raises(ValueError, match=r"betas must both be in \[0, 1\), but got betas=\(0.9, 1.0\)"):
        nl.Adam(params, betas=(0.9, 1.0))
    with pytest.raises(ValueError, match=r"betas.*\(-0.1, 0.999\)"):
        nl.Adam(params, betas=(-0.1, 0.999))
    with pytest.raises(ValueError, match="momentum must be in"):
        nl.SGD(params, lr=0.1, momentum=1.5)
    with pytest.raises(ValueError, match="empty parameter list"):
        nl.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="item 0 is a ndarray"):
        nl.SGD([np.zeros(3)], lr=0.1)


def test_unknown_names_list_the_known_ones():
    with pytest.raises(ValueError, match="known gates are: AND, OR, NAND, XOR"):
        nl.logic_gate("XNOR")
    with pytest.raises(ValueError, match="known activations are: step, identity, sigmoid"):
        nl.activation("gelu")


def test_backward_before_forward_is_a_clear_error():
    with pytest.raises(RuntimeError, match=r"Linear.backward\(\) was called before forward\(\)"):
        nl.Linear(2, 2, rng=0).backward(np.zeros((1, 2)))
    with pytest.raises(RuntimeError, match="before the loss was computed"):
        nl.MSELoss().backward()
