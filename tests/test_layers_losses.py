"""Gradients of every layer and loss, checked against centred differences, and the module mechanics."""
import numpy as np
import pytest

import nnlib as nl

LAYER_TOL = 1e-7
NET_TOL = 1e-6


def layer_gradcheck(layer, x, rng):
    """Relative error of backprop vs centred differences for loss = sum(layer(x) * R), R fixed random."""
    out = first(layer(x))
    r = rng.normal(size=out.shape)
    layer.zero_grad()
    dx = layer.backward(r)

    def loss():
        return float(np.sum(first(layer(x)) * r))

    errors = [nl.relative_error(p.grad, nl.numerical_gradient(loss, p.data)) for p in layer.parameters()]
    errors.append(nl.relative_error(dx, nl.numerical_gradient(loss, x)))
    return max(errors)


def first(out):
    """The output array (an RNN returns (output, h_n))."""
    return out[0] if isinstance(out, tuple) else out


class RNNClassifier(nl.Module):
    """The PyTorch pattern: classify a sequence from the RNN's last hidden state h_n."""

    def __init__(self, features, hidden, classes):
        self.rnn = nl.RNN(features, hidden, rng=8)
        self.fc = nl.Linear(hidden, classes, rng=9)

    def forward(self, x):
        _, h_n = self.rnn(x)
        return self.fc(h_n[0])

    def backward(self, grad_out, input_grad=True):
        d_h = self.fc.backward(grad_out)
        return self.rnn.backward(None, input_grad, grad_h_n=d_h[None])


def off_kink(shape, rng):
    """Inputs at least 0.1 away from 0, where ReLU, LeakyReLU and Step have kinks."""
    x = rng.uniform(0.1, 2.0, size=shape)
    return x * rng.choice([-1.0, 1.0], size=shape)


@pytest.mark.parametrize("make, shape", [
    (lambda: nl.Linear(4, 3, rng=1), (5, 4)),
    (lambda: nl.ReLU(), (5, 4)),
    (lambda: nl.LeakyReLU(0.1), (5, 4)),
    (lambda: nl.Sigmoid(), (5, 4)),
    (lambda: nl.Tanh(), (5, 4)),
    (lambda: nl.Flatten(), (2, 3, 2, 2)),
    (lambda: nl.Conv2d(2, 3, 3, rng=2), (2, 2, 5, 5)),
    (lambda: nl.Conv2d(1, 2, 3, stride=2, padding=1, rng=3), (2, 1, 6, 7)),
    (lambda: nl.RNN(3, 4, rng=4), (2, 5, 3)),
], ids=["Linear", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Flatten", "Conv2d", "Conv2d-stride-pad", "RNN"])
def test_layer_gradients(make, shape):
    rng = np.random.default_rng(0)
    assert layer_gradcheck(make(), off_kink(shape, rng), rng) < LAYER_TOL


def test_step_layer_has_zero_gradient():
    step = nl.Step()
    x = np.array([[-1.0, 0.0, 2.0]])
    np.testing.assert_array_equal(step(x), [[0.0, 1.0, 1.0]])
    np.testing.assert_array_equal(step.backward(np.ones((1, 3))), np.zeros((1, 3)))


@pytest.mark.parametrize("loss_fn, target", [
    (nl.MSELoss(), lambda rng: rng.normal(size=(6, 3))),
    (nl.BCEWithLogitsLoss(), lambda rng: rng.integers(0, 2, size=(6, 3)).astype(float)),
    (nl.CrossEntropyLoss(), lambda rng: rng.integers(0, 3, size=6)),
], ids=["MSE", "BCEWithLogits", "CrossEntropy"])
def test_loss_gradients(loss_fn, target):
    rng = np.random.default_rng(1)
    pred, t = rng.normal(size=(6, 3)) * 3, target(rng)
    loss_fn(pred, t)
    numeric = nl.numerical_gradient(lambda: loss_fn(pred, t), pred)
    assert nl.relative_error(loss_fn.backward(), numeric) < LAYER_TOL


def test_losses_match_their_definitions():
    rng = np.random.default_rng(2)
    z, t = rng.normal(size=(8, 1)), rng.integers(0, 2, size=(8, 1)).astype(float)
    p = 1 / (1 + np.exp(-z))
    naive_bce = -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
    assert nl.BCEWithLogitsLoss()(z, t) == pytest.approx(naive_bce, rel=1e-12)
    logits, y = rng.normal(size=(8, 4)), rng.integers(0, 4, size=8)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert nl.CrossEntropyLoss()(logits, y) == pytest.approx(-np.mean(np.log(probs[np.arange(8), y])), rel=1e-12)
    assert nl.MSELoss()(z, t) == pytest.approx(np.mean((z - t) ** 2), rel=1e-12)


def test_losses_finite_and_right_at_huge_logits():
    bce = nl.BCEWithLogitsLoss()
    z = np.array([1000.0, -1000.0, 1000.0, -1000.0])
    t = np.array([1.0, 0.0, 0.0, 1.0])
    # per sample: right and confident -> 0; wrong and confident -> |z| = 1000
    assert bce(z, t) == pytest.approx((0 + 0 + 1000 + 1000) / 4)
    np.testing.assert_allclose(bce.backward(), np.array([0.0, 0.0, 1.0, -1.0]) / 4)
    ce = nl.CrossEntropyLoss()
    logits = np.array([[1000.0, -1000.0], [1000.0, -1000.0]])
    assert ce(logits, np.array([0, 1])) == pytest.approx((0 + 2000) / 2)
    assert np.all(np.isfinite(ce.backward()))


def test_whole_networks_pass_gradcheck():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(6, 4))
    mlp = nl.Sequential(nl.Linear(4, 5, rng=0), nl.Tanh(), nl.Linear(5, 5, rng=1), nl.Sigmoid(), nl.Linear(5, 3, rng=2))
    assert nl.gradcheck(mlp, nl.CrossEntropyLoss(), X, rng.integers(0, 3, 6)) < NET_TOL
    assert nl.gradcheck(mlp, nl.MSELoss(), X, rng.normal(size=(6, 3))) < NET_TOL
    relu_net = nl.Sequential(nl.Linear(4, 6, rng=4), nl.LeakyReLU(0.2), nl.Linear(6, 1, rng=5))
    assert nl.gradcheck(relu_net, nl.BCEWithLogitsLoss(), X, rng.integers(0, 2, (6, 1)).astype(float)) < NET_TOL
    cnn = nl.Sequential(nl.Conv2d(1, 2, 3, padding=1, rng=6), nl.Tanh(), nl.Flatten(), nl.Linear(2 * 4 * 4, 3, rng=7))
    assert nl.gradcheck(cnn, nl.CrossEntropyLoss(), rng.normal(size=(2, 1, 4, 4)), np.array([0, 2])) < NET_TOL
    rnn = RNNClassifier(2, 3, 2)
    assert nl.gradcheck(rnn, nl.CrossEntropyLoss(), rng.normal(size=(3, 4, 2)), np.array([1, 0, 1])) < NET_TOL


def test_gradcheck_catches_a_wrong_backward():
    class WrongTanh(nl.Tanh):
        def backward(self, grad_out):
            return grad_out * (1.0 - self.out)          # forgot to square

    net = nl.Sequential(nl.Linear(3, 4, rng=0), WrongTanh(), nl.Linear(4, 2, rng=1))
    X = np.random.default_rng(0).normal(size=(5, 3))
    assert nl.gradcheck(net, nl.CrossEntropyLoss(), X, np.array([0, 1, 1, 0, 1])) > 1e-3


def test_gradients_add_up_until_zero_grad():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 2, 5)
    net = nl.Sequential(nl.Linear(3, 4, rng=0), nl.ReLU(), nl.Linear(4, 2, rng=1))
    loss_fn = nl.CrossEntropyLoss()

    def one_pass():
        loss_fn(net(X), y)
        net.backward(loss_fn.backward())

    one_pass()
    first = [p.grad.copy() for p in net.parameters()]
    one_pass()
    for p, g in zip(net.parameters(), first):
        np.testing.assert_allclose(p.grad, 2 * g)
    net.zero_grad()
    assert all(not p.grad.any() for p in net.parameters())


def test_parameters_in_layer_order_weight_then_bias():
    net = nl.Sequential(nl.Linear(3, 4, rng=0), nl.ReLU(), nl.Linear(4, 2, rng=1))
    assert [p.shape for p in net.parameters()] == [(4, 3), (4,), (2, 4), (2,)]
    rnn = nl.RNN(3, 5, rng=0)
    assert [p.shape for p in rnn.parameters()] == [(5, 3), (5, 5), (5,), (5,)]
    assert [p.shape for p in nl.Conv2d(2, 4, 3, rng=0).parameters()] == [(4, 2, 3, 3), (4,)]


def test_linear_initialisation_is_seeded_and_scaled():
    a, b = nl.Linear(100, 50, rng=7), nl.Linear(100, 50, rng=7)
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    assert np.abs(a.weight.data).max() <= 1 / np.sqrt(100)
    assert not np.array_equal(a.weight.data, nl.Linear(100, 50, rng=8).weight.data)


def test_conv_matches_a_direct_loop():
    rng = np.random.default_rng(5)
    conv = nl.Conv2d(2, 3, 3, stride=2, padding=1, rng=0)
    x = rng.normal(size=(2, 2, 7, 6))
    out = conv(x)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    h_out, w_out = (7 + 2 - 3) // 2 + 1, (6 + 2 - 3) // 2 + 1
    assert out.shape == (2, 3, h_out, w_out)
    for n in range(2):
        for f in range(3):
            for i in range(h_out):
                for j in range(w_out):
                    patch = xp[n, :, 2 * i:2 * i + 3, 2 * j:2 * j + 3]
                    expected = np.sum(patch * conv.weight.data[f]) + conv.bias.data[f]
                    assert out[n, f, i, j] == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_rnn_matches_its_recurrence():
    rnn = nl.RNN(2, 3, rng=1)
    x = np.random.default_rng(6).normal(size=(2, 4, 2))
    h0 = np.random.default_rng(7).normal(size=(1, 2, 3))
    out, h_n = rnn(x, h0)
    h = h0[0]
    for t in range(4):
        h = np.tanh(x[:, t] @ rnn.weight_ih.data.T + rnn.bias_ih.data + h @ rnn.weight_hh.data.T + rnn.bias_hh.data)
        np.testing.assert_allclose(out[:, t], h, rtol=1e-12)
    np.testing.assert_array_equal(h_n, out[None, :, -1])


def test_reprs_read_like_pytorch():
    net = nl.Sequential(nl.Linear(2, 3, rng=0), nl.ReLU(), nl.Linear(3, 1, rng=0))
    assert repr(net) == ("Sequential(\n  (0): Linear(in_features=2, out_features=3)\n  (1): ReLU()\n"
                         "  (2): Linear(in_features=3, out_features=1)\n)")
