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


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.int32, np.int64, np.uint64])
@pytest.mark.parametrize("n_classes", [2, 10, 200, 300])
def test_class_indices_checked_at_both_ends_for_every_integer_type(dtype, n_classes):
    """The range check reads the indices as unsigned to test both ends at once; a negative index must still be
    refused for small integer types and many classes (-1 as uint8 is 255, below 300)."""
    logits = np.zeros((3, n_classes))
    largest = min(n_classes - 1, np.iinfo(dtype).max)
    assert np.isfinite(nl.CrossEntropyLoss()(logits, np.array([0, 1, largest], dtype=dtype)))
    bad = [n_classes] if n_classes <= np.iinfo(dtype).max else []
    bad += [-1, np.iinfo(dtype).min] if np.iinfo(dtype).min < 0 else []
    for value in bad:
        with pytest.raises(ValueError, match=rf"must lie in \[0, {n_classes - 1}\] .* but got {value}\."):
            nl.CrossEntropyLoss()(logits, np.array([0, value, 1], dtype=dtype))


def test_fit_refuses_bad_data():
    net = nl.Sequential(nl.Linear(2, 2, rng=0))
    opt = nl.SGD(net.parameters(), lr=0.1)
    X = np.zeros((5, 2))
    with pytest.raises(ValueError, match=r"X has shape \(5, 2\) and y has shape \(4,\)"):
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
    with pytest.raises(ValueError, match=r"lr must be a finite number in \(0, inf\), but got lr=-0.1"):
        nl.SGD(params, lr=-0.1)
    with pytest.raises(ValueError, match=r"betas\[1\] must be a finite number in \[0, 1\), but got betas\[1\]=1.0"):
        nl.Adam(params, betas=(0.9, 1.0))
    with pytest.raises(ValueError, match=r"betas\[0\] .*-0.1"):
        nl.Adam(params, betas=(-0.1, 0.999))
    with pytest.raises(ValueError, match=r"momentum must be a finite number in \[0, 1\)"):
        nl.SGD(params, lr=0.1, momentum=1.5)
    with pytest.raises(ValueError, match="got no parameters to update"):
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


# --- accuracy and fit tell the truth ---------------------------------------------------------------------------

def test_accuracy_refuses_shapes_that_would_broadcast():
    net = nl.Sequential(nl.Linear(2, 1, rng=0))
    X, y = nl.make_moons(10, rng=0)
    with pytest.raises(ValueError, match=r"logits of shape \(10, 1\) and targets of shape \(10,\)"):
        nl.accuracy(net, X, y, loss_fn=nl.BCEWithLogitsLoss())
    two = nl.Sequential(nl.Linear(2, 2, rng=0))
    with pytest.raises(ValueError, match=r"logits of shape \(10, 2\) and targets of shape \(10, 1\)"):
        nl.accuracy(two, X, y[:, None])
    with pytest.raises(ValueError, match=r"C >= 2.*\(10, 1\).*BCEWithLogitsLoss"):
        nl.accuracy(net, X, y)                       # one logit read as cross-entropy
    with pytest.raises(ValueError, match="accuracy is for classification"):
        nl.accuracy(net, X, y[:, None] * 1.0, loss_fn=nl.MSELoss())


def test_accuracy_for_one_and_several_bce_outputs():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    one, many = nl.Linear(3, 1, rng=1), nl.Linear(3, 4, rng=2)
    y1, y4 = rng.integers(0, 2, (40, 1)), rng.integers(0, 2, (40, 4))
    z1 = X @ one.weight.data.T + one.bias.data
    z4 = X @ many.weight.data.T + many.bias.data
    assert nl.accuracy(one, X, y1, nl.BCEWithLogitsLoss()) == np.mean((z1 >= 0) == y1)
    assert nl.accuracy(many, X, y4, nl.BCEWithLogitsLoss()) == np.mean((z4 >= 0) == y4)  # label by label


@pytest.mark.parametrize("outputs", [1, 2])
def test_fit_accuracy_with_bce_is_a_fraction(outputs):
    """One epoch, one batch: the accuracy fit reports is that of the starting weights, label by label."""
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(30, 2)), rng.integers(0, 2, (30, outputs)).astype(float)
    net = nl.Sequential(nl.Linear(2, outputs, rng=3))
    start = (X @ net[0].weight.data.T + net[0].bias.data >= 0) == y
    hist = nl.fit(net, nl.BCEWithLogitsLoss(), nl.SGD(net.parameters(), lr=0.1), X, y, epochs=1,
                  batch_size=30, progress=False, validation=(X, y))
    assert hist["accuracy"] == [np.mean(start)]
    assert 0.0 <= hist["val_accuracy"][0] <= 1.0


def test_fit_reports_no_accuracy_for_regression_or_soft_targets():
    X = np.linspace(-1, 1, 20)[:, None]
    net = nl.Sequential(nl.Linear(1, 1, rng=0))
    hist = nl.fit(net, nl.MSELoss(), nl.SGD(net.parameters(), lr=0.1), X, 2 * X, epochs=2, progress=False,
                  validation=(X, 2 * X))
    assert set(hist) == {"loss", "val_loss"}
    soft = nl.fit(net, nl.BCEWithLogitsLoss(), nl.SGD(net.parameters(), lr=0.1), X, (X + 1) / 2, epochs=2,
                  progress=False)
    assert set(soft) == {"loss"}


def test_exploding_loss_is_caught_before_it_reaches_inf():
    X = np.linspace(-1, 1, 40)[:, None]
    net = nl.Sequential(nl.Linear(1, 1, rng=0))
    with pytest.raises(nl.TrainingDiverged, match=r"training loss in epoch \d+.*more than 1e\+06 times.*lr=5\b"):
        nl.fit(net, nl.MSELoss(), nl.SGD(net.parameters(), lr=5.0), X, 3 * X, epochs=20, batch_size=40,
               progress=False)
    assert np.all(np.isfinite(net[0].weight.data))      # stopped long before inf


def test_nan_validation_loss_is_caught():
    X, y = nl.logic_gate("AND")
    net = nl.Sequential(nl.Linear(2, 1, rng=0))
    net[0].weight.data[:] = 1.0
    X_val = np.array([[1e308, 1e308]])                   # finite data whose logit overflows: loss inf - inf
    with pytest.raises(nl.TrainingDiverged, match=r"validation loss after epoch 1 became nan.*lr=1e-06"):
        nl.fit(net, nl.BCEWithLogitsLoss(), nl.SGD(net.parameters(), lr=1e-6), X, y[:, None] * 1.0, epochs=3,
               validation=(X_val, np.ones((1, 1))), progress=False)


def test_fit_refuses_data_the_model_cannot_take_before_changing_a_weight():
    net = nl.Sequential(nl.Linear(2, 2, rng=0))
    before = net[0].weight.data.copy()
    opt = nl.SGD(net.parameters(), lr=0.1)
    X, y = nl.make_moons(20, rng=0)
    with pytest.raises(ValueError, match=r"validation data: X has 3 features, but Linear\(2, 2\) is expecting 2"):
        nl.fit(net, nl.CrossEntropyLoss(), opt, X, y, epochs=5, validation=(np.zeros((4, 3)), y[:4]),
               progress=False)
    with pytest.raises(ValueError, match=r"fit data: BCEWithLogitsLoss: predictions have shape \(20, 2\) but "
                                         r"targets have shape \(20,\)"):
        nl.fit(net, nl.BCEWithLogitsLoss(), opt, X, y, epochs=5, batch_size=64, progress=False)
    np.testing.assert_array_equal(net[0].weight.data, before)


def test_fit_refuses_a_bad_target_in_a_late_batch_before_changing_a_weight():
    """fit checks every target once before training (the loss then skips that check batch by batch): a bad
    label far from the first batch is refused with the loss's message before any step."""
    X, y = nl.make_moons(100, rng=0)
    for loss_fn, targets, message in [
            (nl.CrossEntropyLoss(), np.r_[y[:90], 2, y[91:]], r"fit data: CrossEntropyLoss: class indices must lie "
                                                               r"in \[0, 1\] for 2 classes, but got 2\."),
            (nl.BCEWithLogitsLoss(), np.r_[y[:90], 1.5, y[91:]][:, None],
             r"fit data: BCEWithLogitsLoss targets must lie in \[0, 1\].*but got 1.5\.")]:
        net = nl.Sequential(nl.Linear(2, targets.shape[1] if targets.ndim == 2 else 2, rng=0))
        before = net[0].weight.data.copy()
        with pytest.raises(ValueError, match=message):
            nl.fit(net, loss_fn, nl.SGD(net.parameters(), lr=0.1), X, targets, epochs=2, batch_size=10,
                   progress=False)
        np.testing.assert_array_equal(net[0].weight.data, before)
    net = nl.Sequential(nl.Linear(2, 2, rng=0))
    with pytest.raises(ValueError, match=r"validation data: CrossEntropyLoss: class indices .* but got -1\."):
        nl.fit(net, nl.CrossEntropyLoss(), nl.SGD(net.parameters(), lr=0.1), X, y, epochs=1, batch_size=10,
               validation=(X, np.r_[y[:50], -1, y[51:]]), progress=False)


def test_a_loss_called_directly_checks_its_targets_and_always_their_shape():
    logits = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"class indices must lie in \[0, 1\] for 2 classes, but got 5\."):
        nl.CrossEntropyLoss()(logits, np.array([0, 5, 1]))
    with pytest.raises(ValueError, match=r"targets must lie in \[0, 1\].*but got -1\."):
        nl.BCEWithLogitsLoss()(np.zeros(3), np.array([0.0, -1.0, 1.0]))
    with pytest.raises(ValueError, match=r"target contains 1 NaN"):
        nl.MSELoss()(np.zeros(3), np.array([0.0, np.nan, 1.0]))
    # check_target=False (what fit uses after checking all of y) still refuses a target of the wrong shape
    with pytest.raises(ValueError, match=r"expected 3 class indices of shape \(3,\), but got targets of shape \(2,\)"):
        nl.CrossEntropyLoss()(logits, np.array([0, 1]), check_target=False)
    with pytest.raises(ValueError, match=r"predictions have shape \(3,\) but targets have shape \(3, 1\)"):
        nl.MSELoss()(np.zeros(3), np.zeros((3, 1)), check_target=False)


def test_a_nan_before_any_step_is_not_blamed_on_the_learning_rate():
    X, y = nl.logic_gate("AND")
    net = nl.Sequential(nl.Linear(2, 1, rng=0))
    net[0].bias.data[:] = np.nan
    with pytest.raises(nl.TrainingDiverged, match=r"is nan before any step.*learning rate is not the cause"):
        nl.fit(net, nl.BCEWithLogitsLoss(), nl.SGD(net.parameters(), lr=0.1), X, y[:, None] * 1.0, epochs=2,
               progress=False)


def test_generators_return_exactly_what_was_asked():
    for n in (2, 3, 99, 100, 101):
        for make in (nl.make_moons, nl.make_circles):
            X, y = make(n, rng=0)
            assert X.shape == (n, 2) and y.shape == (n,) and np.bincount(y).tolist() == [n // 2, n - n // 2]
    X, y = nl.make_spirals(100, n_classes=3, rng=0)
    assert X.shape == (100, 2) and sorted(np.bincount(y).tolist()) == [33, 33, 34]


# --- every entry point refuses bad arguments -------------------------------------------------------------------

def _net():
    return nl.Sequential(nl.Linear(2, 2, rng=0))


def _fit(**kw):
    net = _net()
    args = dict(model=net, loss_fn=nl.CrossEntropyLoss(), optimizer=nl.SGD(net.parameters(), lr=0.1),
                X=np.zeros((4, 2)), y=np.array([0, 1, 0, 1]), epochs=1, progress=False)
    args.update(kw)
    return nl.fit(**args)


def _after_forward(layer, x):
    layer(x)
    return layer


BAD = [
    # layers
    (lambda: nl.Linear(0, 2), ValueError, r"Linear: in_features must be an int >= 1, but got in_features=0"),
    (lambda: nl.Linear(2.5, 2), TypeError, r"in_features must be an int, but got 2.5"),
    (lambda: nl.Linear(2, -1), ValueError, r"out_features must be an int >= 1"),
    (lambda: nl.Linear(2, 2, rng=-1), ValueError, r"seed must be >= 0, but got -1"),
    (lambda: nl.Linear(2, 2, rng="a"), TypeError, r"rng must be None, an int seed or a numpy Generator"),
    (lambda: nl.Conv2d(1, 2, 0), ValueError, r"kernel_size must be an int >= 1"),
    (lambda: nl.Conv2d(1, 2, (3, 3)), TypeError, r"kernel_size must be an int, but got \(3, 3\)"),
    (lambda: nl.Conv2d(1, 2, 3, stride=0), ValueError, r"stride must be an int >= 1"),
    (lambda: nl.Conv2d(1, 2, 3, padding=-1), ValueError, r"padding must be an int >= 0"),
    (lambda: nl.Conv2d(0, 2, 3), ValueError, r"in_channels must be an int >= 1"),
    (lambda: nl.Conv2d(1, 2, 5)(np.zeros((1, 1, 3, 3))), ValueError, r"smaller than the kernel"),
    (lambda: nl.RNN(0, 3), ValueError, r"RNN: input_size must be an int >= 1"),
    (lambda: nl.RNN(2, 1.0), TypeError, r"hidden_size must be an int"),
    (lambda: nl.RNN(2, 3, rng=0)(np.zeros((4, 5, 2)), np.zeros((4, 3))), ValueError,
     r"expects h0 of shape \(1, N, H\) = \(1, 4, 3\), but got shape \(4, 3\)"),
    (lambda: nl.LeakyReLU("0.1"), TypeError, r"negative_slope must be a number"),
    (lambda: nl.LeakyReLU(float("nan")), ValueError, r"negative_slope must be a finite number"),
    (lambda: nl.Sequential(), ValueError, r"at least one layer"),
    (lambda: nl.Sequential([nl.Linear(2, 2), nl.ReLU()]), TypeError, r"argument 0 is a list; write Sequential\(\*layers\)"),
    (lambda: nl.Sequential(nl.Linear(2, 2), np.tanh), TypeError, r"argument 1 is a ufunc"),
    (lambda: nl.Flatten()(np.zeros(3)), ValueError, r"Flatten expects a batch"),
    (lambda: nl.Linear(2, 2)(np.array([["a", "b"]])), TypeError, r"input must be an array of numbers"),
    # backward: incoming gradient shape, and before forward
    (lambda: _after_forward(nl.Linear(2, 3), np.zeros((4, 2))).backward(np.zeros((4, 2))), ValueError,
     r"Linear.backward expects grad_out of shape \(4, 3\) \(the shape of the last forward output\), but got shape \(4, 2\)"),
    (lambda: _after_forward(nl.ReLU(), np.zeros((4, 2))).backward(np.zeros(8)), ValueError,
     r"ReLU.backward expects grad_out of shape \(4, 2\) .*, but got shape \(8,\)"),
    (lambda: _after_forward(nl.LeakyReLU(), np.zeros((4, 2))).backward(np.zeros((2, 4))), ValueError, r"LeakyReLU"),
    (lambda: _after_forward(nl.Sigmoid(), np.zeros((4, 2))).backward(np.zeros((4, 1))), ValueError, r"Sigmoid"),
    (lambda: _after_forward(nl.Tanh(), np.zeros((4, 2))).backward(np.zeros((4, 1))), ValueError, r"Tanh"),
    (lambda: _after_forward(nl.Step(), np.zeros((4, 2))).backward(np.zeros((4, 1))), ValueError, r"Step"),
    (lambda: _after_forward(nl.Flatten(), np.zeros((4, 2, 3))).backward(np.zeros((4, 2, 3))), ValueError,
     r"Flatten.backward expects grad_out.*\(4, 6\)"),
    (lambda: _after_forward(nl.Conv2d(1, 2, 3), np.zeros((1, 1, 5, 5))).backward(np.zeros((1, 2, 5, 5))),
     ValueError, r"Conv2d.backward expects grad_out of shape \(1, 2, 3, 3\) .*, but got shape \(1, 2, 5, 5\)"),
    (lambda: _after_forward(nl.RNN(2, 3), np.zeros((4, 5, 2))).backward(np.zeros((4, 3))), ValueError,
     r"RNN.backward expects grad_out.*\(4, 5, 3\)"),
    (lambda: _after_forward(nl.RNN(2, 3), np.zeros((4, 5, 2))).backward(None, grad_h_n=np.zeros((4, 3))),
     ValueError, r"expects grad_h_n of shape .*\(1, 4, 3\)"),
    (lambda: _after_forward(_net(), np.zeros((4, 2))).backward(np.zeros((4, 3))), ValueError, r"Linear.backward"),
    (lambda: nl.RNN(2, 3).backward(np.zeros((1, 1, 3))), RuntimeError, r"RNN.backward\(\) was called before"),
    (lambda: nl.Conv2d(1, 1, 3).backward(np.zeros((1, 1, 1, 1))), RuntimeError, r"before forward"),
    (lambda: _net().backward(np.zeros((1, 2))), RuntimeError, r"Sequential.backward\(\) was called before"),
    # losses
    (lambda: nl.MSELoss()(np.zeros(3), np.zeros((3, 1))), ValueError, r"must match exactly"),
    (lambda: nl.MSELoss()(np.zeros(3), [0, np.nan, 0]), ValueError, r"MSELoss target contains 1 NaN"),
    (lambda: nl.MSELoss()(np.zeros(0), np.zeros(0)), ValueError, r"empty batch"),
    (lambda: nl.BCEWithLogitsLoss()(np.zeros(3), np.array([0.0, 2.0, 1.0])), ValueError,
     r"targets must lie in \[0, 1\].*but got 2.*CrossEntropyLoss"),
    (lambda: nl.BCEWithLogitsLoss()(np.zeros(3), np.array([0.0, -1.0, 1.0])), ValueError, r"but got -1"),
    (lambda: nl.CrossEntropyLoss()(np.zeros((3, 1)), np.zeros(3, dtype=int)), ValueError,
     r"at least 2 logits.*\(3, 1\).*BCEWithLogitsLoss"),
    (lambda: nl.CrossEntropyLoss()(np.zeros(3), np.zeros(3, dtype=int)), ValueError, r"\(N, C\).*shape \(3,\)"),
    (lambda: nl.CrossEntropyLoss()(np.zeros((3, 2)), np.eye(2)[[0, 1, 1]]), ValueError, r"3 class indices"),
    # optimisers
    (lambda: nl.SGD(_net().parameters(), lr=0), ValueError, r"lr must be a finite number in \(0, inf\)"),
    (lambda: nl.SGD(_net().parameters(), lr=float("inf")), ValueError, r"lr=inf"),
    (lambda: nl.SGD(_net().parameters(), lr="0.1"), TypeError, r"lr must be a number"),
    (lambda: nl.SGD(_net().parameters(), lr=0.1, momentum=1.0), ValueError, r"momentum must be .* \[0, 1\)"),
    (lambda: nl.SGD(_net().parameters(), lr=0.1, momentum=-0.5), ValueError, r"momentum=-0.5"),
    (lambda: nl.Adam(_net().parameters(), betas=0.9), TypeError, r"betas must be a pair"),
    (lambda: nl.Adam(_net().parameters(), betas=(0.9, 0.99, 0.1)), TypeError, r"betas must be a pair"),
    (lambda: nl.Adam(_net().parameters(), eps=-1e-8), ValueError, r"eps must be a finite number in \[0, inf\)"),
    (lambda: nl.Adam(_net().parameters(), lr=-1), ValueError, r"Adam \(learning rate\): lr"),
    (lambda: nl.SGD(_net(), lr=0.1), TypeError, r"pass model.parameters\(\)"),
    (lambda: nl.SGD(nl.Parameter([1.0]), lr=0.1), TypeError, r"iterable of Parameters"),
    (lambda: nl.SGD(_net().parameters() * 2, lr=0.1), ValueError, r"parameter 2 appears twice"),
    # fit
    (lambda: _fit(epochs=0), ValueError, r"fit: epochs must be an int >= 1, but got epochs=0"),
    (lambda: _fit(epochs=2.5), TypeError, r"epochs must be an int, but got 2.5"),
    (lambda: _fit(batch_size=0), ValueError, r"batch_size must be an int >= 1"),
    (lambda: _fit(validation=np.zeros((4, 2))), TypeError, r"validation must be a pair \(X_val, y_val\)"),
    (lambda: _fit(validation=(np.zeros((4, 2)),)), TypeError, r"pair.*of length 1"),
    (lambda: _fit(validation=(np.zeros((3, 2)), np.zeros(2, dtype=int))), ValueError, r"validation: X and y"),
    (lambda: _fit(rng=1.5), TypeError, r"rng must be None, an int seed"),
    (lambda: _fit(loss_fn=nl.CrossEntropyLoss), TypeError, r"the class CrossEntropyLoss; write CrossEntropyLoss\(\)"),
    (lambda: _fit(loss_fn=lambda a, b: 0.0), TypeError, r"needs an nnlib loss"),
    (lambda: _fit(model=np.tanh), TypeError, r"fit needs an nnlib Module"),
    (lambda: _fit(optimizer=nl.SGD(_net().parameters(), lr=0.1)), ValueError, r"holds none of this model's"),
    (lambda: _fit(optimizer="sgd"), TypeError, r"nnlib optimizer"),
    (lambda: _fit(y=np.array(["a", "b", "a", "b"])), TypeError, r"y must hold numbers"),
    (lambda: _fit(X=np.zeros((0, 2)), y=np.zeros(0, dtype=int)), ValueError, r"at least one sample"),
    (lambda: _fit(y=np.array([0.0, 1.0, 0.0, 1.0])), TypeError, r"fit data: .*class indices must be integers"),
    (lambda: _fit(y=np.array([0, 1, 2, 1])), ValueError, r"fit data: .*class indices must lie in \[0, 1\]"),
    (lambda: _fit(progress="no"), TypeError, r"progress must be True or False"),
    (lambda: nl.Parameter(["a"]), TypeError, r"Parameter data must be an array of numbers"),
    # accuracy, evaluate, gradcheck
    (lambda: nl.accuracy(_net(), np.zeros((4, 2)), np.zeros(3, dtype=int)), ValueError, r"X has shape \(4, 2\)"),
    (lambda: nl.accuracy(_net(), np.zeros((2, 2)), [1, 2]), ValueError, r"accuracy: class indices must lie in \[0, 1\]"),
    (lambda: nl.accuracy(_net(), np.zeros((2, 2)), [0.5, 1.0], nl.BCEWithLogitsLoss()), ValueError,
     r"needs class labels.*0.5"),
    (lambda: nl.evaluate(_net(), nl.MSELoss, np.zeros((2, 2)), np.zeros((2, 2))), TypeError, r"MSELoss\(\)"),
    (lambda: nl.gradcheck(_net(), nl.CrossEntropyLoss(), np.zeros((2, 2)), [0, 1], eps=0), ValueError, r"eps must"),
    (lambda: nl.gradcheck(np.tanh, nl.MSELoss(), np.zeros((2, 2)), np.zeros((2, 2))), TypeError, r"nnlib Module"),
    (lambda: nl.numerical_gradient(lambda: 0.0, np.zeros(3, dtype=int)), TypeError, r"float64 numpy array.*int64"),
    (lambda: nl.numerical_gradient(lambda: 0.0, [0.0, 1.0]), TypeError, r"float64 numpy array.*list"),
    (lambda: nl.numerical_gradient(lambda: np.zeros(2), np.zeros(3)), TypeError, r"return one number"),
    (lambda: nl.numerical_gradient(3.0, np.zeros(3)), TypeError, r"function f\(\)"),
    (lambda: nl.relative_error(np.zeros(3), np.zeros((3, 1))), ValueError, r"\(3,\) and \(3, 1\)"),
    # data sets
    (lambda: nl.make_moons(1), ValueError, r"make_moons: n_samples must be an int >= 2, but got n_samples=1"),
    (lambda: nl.make_moons(100.0), TypeError, r"n_samples must be an int, but got 100.0"),
    (lambda: nl.make_moons(100, noise=-0.1), ValueError, r"noise must be a finite number in \[0, inf\)"),
    (lambda: nl.make_circles(100, factor=1.5), ValueError, r"factor must be a finite number in \(0, 1\)"),
    (lambda: nl.make_spirals(100, n_classes=1), ValueError, r"n_classes must be an int >= 2"),
    (lambda: nl.make_spirals(2, n_classes=3), ValueError, r"n_samples must be an int >= 3"),
    (lambda: nl.make_spirals(30, noise=float("nan")), ValueError, r"noise must be a finite"),
    (lambda: nl.train_test_split(np.zeros((5, 2)), np.zeros(4)), ValueError, r"X has shape \(5, 2\) and y"),
    (lambda: nl.train_test_split(np.zeros((5, 2)), np.zeros(5), test_size=1.5), ValueError, r"test_size must be"),
    (lambda: nl.train_test_split(np.zeros((5, 2)), np.zeros(5), test_size=0.01), ValueError,
     r"leaves 0 of 5 samples for the test set"),
    (lambda: nl.train_test_split(np.zeros((5, 2)), np.zeros(5), test_size=5), ValueError, r"leaves 5 of 5"),
    (lambda: nl.train_test_split(np.zeros((5, 2)), np.zeros(5), test_size="0.2"), TypeError, r"test_size must be a number"),
    (lambda: nl.logic_gate(1), TypeError, r"gate name such as 'XOR'"),
    # neuron and activations
    (lambda: nl.Neuron([1.0, np.nan]), ValueError, r"weights contains 1 NaN"),
    (lambda: nl.Neuron([1.0, 2.0], bias="1"), TypeError, r"bias must be a number, but got '1'"),
    (lambda: nl.Neuron([1.0, 2.0], threshold=np.inf), ValueError, r"threshold must be a finite number"),
    (lambda: nl.Neuron([1.0, 2.0], activation="softmax"), ValueError, r"softmax acts on a vector"),
    (lambda: nl.Neuron([[1.0, 2.0]]), ValueError, r"non-empty 1-D array"),
    (lambda: nl.train_perceptron(np.zeros((4, 2)), np.zeros(4, dtype=int), epochs=0), ValueError, r"epochs must"),
    (lambda: nl.train_perceptron(np.zeros((4, 2)), np.zeros(4, dtype=int), lr=0), ValueError, r"lr must"),
    (lambda: nl.train_perceptron(np.zeros((4, 2)), np.zeros((4, 1), dtype=int)), ValueError, r"y of shape \(N,\)"),
    (lambda: nl.activation(["relu"]), TypeError, r"name such as 'sigmoid'"),
    (lambda: nl.relu("abc"), TypeError, r"z must be an array of numbers"),
    (lambda: nl.leaky_relu(1.0, negative_slope=None), TypeError, r"negative_slope must be a number"),
    (lambda: nl.softmax(1.0), ValueError, r"softmax needs a vector"),
]


@pytest.mark.parametrize("call, error, message", BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_bad_arguments_are_refused_with_a_message(call, error, message):
    with pytest.raises(error, match=message):
        call()
