"""nnlib agrees with PyTorch (the reference implementation) to the last digits, in float64."""
import numpy as np
import pytest

import nnlib as nl

torch = pytest.importorskip("torch", reason="PyTorch is the reference; `make test` installs it from requirements-dev.txt")
torch.set_default_dtype(torch.float64)
T = torch.tensor


def to_np(t):
    return t.detach().numpy()


def test_linear_forward_and_backward():
    rng = np.random.default_rng(0)
    lin = nl.Linear(4, 3, rng=1)
    ref = torch.nn.Linear(4, 3)
    with torch.no_grad():
        ref.weight.copy_(T(lin.weight.data))
        ref.bias.copy_(T(lin.bias.data))
    x = rng.normal(size=(5, 4))
    dy = rng.normal(size=(5, 3))
    xt = T(x, requires_grad=True)
    out = ref(xt)
    out.backward(T(dy))
    np.testing.assert_allclose(lin(x), to_np(out), rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(lin.backward(dy), to_np(xt.grad), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(lin.weight.grad, to_np(ref.weight.grad), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(lin.bias.grad, to_np(ref.bias.grad), rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 1)])
def test_conv2d_forward_and_backward(stride, padding):
    rng = np.random.default_rng(1)
    conv = nl.Conv2d(2, 3, 3, stride=stride, padding=padding, rng=2)
    ref = torch.nn.Conv2d(2, 3, 3, stride=stride, padding=padding)
    with torch.no_grad():
        ref.weight.copy_(T(conv.weight.data))
        ref.bias.copy_(T(conv.bias.data))
    x = rng.normal(size=(2, 2, 7, 6))
    xt = T(x, requires_grad=True)
    out = ref(xt)
    dy = rng.normal(size=tuple(out.shape))
    out.backward(T(dy))
    np.testing.assert_allclose(conv(x), to_np(out), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(conv.backward(dy), to_np(xt.grad), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(conv.weight.grad, to_np(ref.weight.grad), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(conv.bias.grad, to_np(ref.bias.grad), rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("with_h0", [False, True], ids=["h0=zeros", "h0 given"])
def test_rnn_forward_and_backward_through_time(with_h0):
    """(output, h_n) as torch.nn.RNN(batch_first=True); the loss uses both, so gradients reach x, the
    weights and h0 by both paths."""
    rng = np.random.default_rng(2)
    rnn = nl.RNN(3, 4, rng=3)
    ref = torch.nn.RNN(3, 4, batch_first=True)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(ref, name + "_l0").copy_(T(getattr(rnn, name).data))
    x, h0 = rng.normal(size=(2, 6, 3)), rng.normal(size=(1, 2, 4))
    dy, dh = rng.normal(size=(2, 6, 4)), rng.normal(size=(1, 2, 4))
    xt, h0t = T(x, requires_grad=True), T(h0, requires_grad=True)
    out_t, h_n_t = ref(xt, h0t) if with_h0 else ref(xt)
    torch.autograd.backward([out_t, h_n_t], [T(dy), T(dh)])
    out, h_n = rnn(x, h0) if with_h0 else rnn(x)
    assert h_n.shape == tuple(h_n_t.shape) == (1, 2, 4)
    np.testing.assert_allclose(out, to_np(out_t), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(h_n, to_np(h_n_t), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(rnn.backward(dy, grad_h_n=dh), to_np(xt.grad), rtol=1e-10, atol=1e-12)
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        np.testing.assert_allclose(getattr(rnn, name).grad, to_np(getattr(ref, name + "_l0").grad),
                                   rtol=1e-10, atol=1e-12)
    if with_h0:
        np.testing.assert_allclose(rnn.grad_h0, to_np(h0t.grad), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("scale", [1.0, 1000.0])
def test_losses_and_their_gradients(scale):
    rng = np.random.default_rng(3)
    z = rng.normal(size=(6, 3)) * scale
    cases = [
        (nl.MSELoss(), torch.nn.MSELoss(), rng.normal(size=(6, 3)) * scale, lambda t: T(t)),
        (nl.BCEWithLogitsLoss(), torch.nn.BCEWithLogitsLoss(), rng.integers(0, 2, (6, 3)).astype(float), lambda t: T(t)),
        (nl.CrossEntropyLoss(), torch.nn.CrossEntropyLoss(), rng.integers(0, 3, 6), lambda t: torch.tensor(t)),
    ]
    for ours, ref, target, to_t in cases:
        zt = T(z, requires_grad=True)
        ref_loss = ref(zt, to_t(target))
        ref_loss.backward()
        assert np.isfinite(ours(z, target))
        assert ours(z, target) == pytest.approx(ref_loss.item(), rel=1e-13, abs=1e-13)
        np.testing.assert_allclose(ours.backward(), to_np(zt.grad), rtol=1e-12, atol=1e-15)


def _train_both(make_ours, make_ref, steps=15):
    """Run the same gradient sequence through an nnlib and a torch optimiser on the same start point."""
    rng = np.random.default_rng(4)
    start = rng.normal(size=(3, 2))
    grads = [rng.normal(size=(3, 2)) for _ in range(steps)]
    p = nl.Parameter(start.copy())
    pt = torch.nn.Parameter(T(start.copy()))
    ours, ref = make_ours([p]), make_ref([pt])
    for g in grads:
        ours.zero_grad()
        ref.zero_grad()
        p.grad += g
        pt.grad = T(g.copy())
        ours.step()
        ref.step()
        np.testing.assert_allclose(p.data, to_np(pt), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_follows_pytorch(momentum):
    _train_both(lambda ps: nl.SGD(ps, lr=0.05, momentum=momentum),
                lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=momentum))


def test_adam_follows_pytorch():
    _train_both(lambda ps: nl.Adam(ps, lr=0.01, betas=(0.8, 0.95), eps=1e-6),
                lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.95), eps=1e-6))


def test_activations_at_and_around_their_kinks():
    """Exactly 0 included: ReLU's gradient there is 0 and LeakyReLU's is negative_slope, as in PyTorch."""
    x = np.array([[-2.0, -0.0, 0.0, 1e-300, 3.0], [0.0, -1e-3, 0.5, -7.0, 0.0]])
    dy = np.random.default_rng(5).normal(size=x.shape)
    cases = [(nl.ReLU(), torch.nn.ReLU(), "relu"), (nl.LeakyReLU(0.2), torch.nn.LeakyReLU(0.2), None),
             (nl.LeakyReLU(), torch.nn.LeakyReLU(), "leaky_relu"), (nl.Sigmoid(), torch.nn.Sigmoid(), "sigmoid"),
             (nl.Tanh(), torch.nn.Tanh(), "tanh")]
    for ours, ref, name in cases:
        xt = T(x, requires_grad=True)
        out = ref(xt)
        out.backward(T(dy))
        np.testing.assert_allclose(ours(x), to_np(out), rtol=1e-10, atol=0, err_msg=repr(ours))
        np.testing.assert_allclose(ours.backward(dy), to_np(xt.grad), rtol=1e-10, atol=0, err_msg=repr(ours))
        if name:
            xt.grad = None
            ref(xt).sum().backward()
            np.testing.assert_allclose(nl.activation(name).derivative(x), to_np(xt.grad), rtol=1e-10, err_msg=name)
            np.testing.assert_allclose(nl.activation(name)(x), to_np(out), rtol=1e-10, err_msg=name)
    np.testing.assert_array_equal(nl.Step()(x), to_np(torch.heaviside(T(x), T(1.0))))
    np.testing.assert_array_equal(nl.step(x), to_np(torch.heaviside(T(x), T(1.0))))
