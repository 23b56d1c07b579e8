"""The fast paths of issue 21 give the same numbers as the plain code, and still refuse bad input that arrives
after good input."""
import numpy as np
import pytest

import nnlib as nl


def _net():
    return nl.Sequential(nl.Linear(3, 4, rng=0), nl.ReLU(), nl.Linear(4, 2, rng=1))


def test_zero_grad_reads_as_zeros_in_the_same_array():
    p = nl.Parameter(np.ones((2, 3)))
    grad = p.grad
    p.add_grad(np.full((2, 3), 5.0))
    p.zero_grad()
    assert p.grad is grad
    np.testing.assert_array_equal(p.grad, np.zeros((2, 3)))


def test_add_grad_after_zero_grad_keeps_the_array_and_never_writes_into_it():
    """The first add_grad after zero_grad keeps the new array (no pass of zeros, no copy); a second one makes a
    new sum, so the array a caller handed over is never changed, and reading zeros does not zero it either."""
    p = nl.Parameter(np.zeros((2, 3)))
    p.add_grad(np.ones((2, 3)))
    p.zero_grad()
    g = np.array([[-1.0, 1.5, -2.0], [0.5, -0.25, 3.0]])
    p.add_grad(g)
    assert p.grad is g
    p.add_grad(g)                                           # a second backward adds
    np.testing.assert_array_equal(p.grad, g + g)
    np.testing.assert_array_equal(g, [[-1.0, 1.5, -2.0], [0.5, -0.25, 3.0]])
    p.add_grad(g)                                           # now into nnlib's own array
    np.testing.assert_array_equal(p.grad, g + g + g)
    p.zero_grad()
    p.add_grad(g)
    p.zero_grad()
    np.testing.assert_array_equal(p.grad, np.zeros((2, 3)))
    np.testing.assert_array_equal(g, [[-1.0, 1.5, -2.0], [0.5, -0.25, 3.0]])


def test_add_grad_refuses_a_wrong_shape_and_converts_other_numbers():
    p = nl.Parameter(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"add_grad expects a gradient of shape \(2, 3\) \(the parameter's shape\), "
                                         r"but got shape \(3,\)"):
        p.add_grad(np.ones(3))                             # would broadcast
    p.zero_grad()
    p.add_grad([[1, 2, 3], [4, 5, 6]])                      # a list of ints becomes float64
    assert p.grad.dtype == np.float64
    np.testing.assert_array_equal(p.grad, [[1, 2, 3], [4, 5, 6]])


def test_layer_gradients_have_no_negative_zeros():
    """Filling zeros and adding turned -0.0 into 0.0. Keeping the layer's own array must not bring -0.0 into a
    printed gradient: a ReLU unit that is off for the whole batch passes -0.0 back for a negative upstream
    gradient, and its weight and bias gradients must still read 0.0, not -0."""
    x = np.abs(np.random.default_rng(0).normal(size=(6, 3)))
    net = _net()
    net[0].bias.data[:] = -100.0                            # every hidden unit is off
    net(x)
    net.zero_grad()
    dx = net.backward(-np.ones((6, 2)), input_grad=True)
    grads = [net[0].weight.grad, net[0].bias.grad]
    assert all(np.all(g == 0.0) for g in grads)
    assert not any(np.signbit(g).any() for g in grads)
    assert np.all(dx == 0.0)


def test_grad_plus_equals_after_zero_grad_starts_from_zero():
    """A learner's own backward writes ``p.grad += g``: that starts from zeros after zero_grad too."""
    p = nl.Parameter(np.zeros(3))
    p.grad += np.array([1.0, 2.0, 3.0])
    p.zero_grad()
    p.grad += np.array([1.0, 1.0, 1.0])
    np.testing.assert_array_equal(p.grad, np.ones(3))
    p.grad = np.full(3, 7.0)                                # assigning a new array still works
    np.testing.assert_array_equal(p.grad, np.full(3, 7.0))


def test_step_after_zero_grad_without_backward_sees_zero_gradients():
    p = nl.Parameter(np.array([1.0, 2.0]))
    opt = nl.SGD([p], lr=0.1)
    p.add_grad(np.array([1.0, 1.0]))
    opt.zero_grad()
    opt.step()
    np.testing.assert_array_equal(p.data, [1.0, 2.0])


def test_gradients_accumulate_over_two_backwards_as_before():
    x = np.random.default_rng(0).normal(size=(5, 3))
    dy = np.random.default_rng(1).normal(size=(5, 2))
    net = _net()
    net(x)
    net.backward(dy)
    once = [p.grad.copy() for p in net.parameters()]
    net(x)
    net.backward(dy)
    for p, g in zip(net.parameters(), once):
        np.testing.assert_array_equal(p.grad, g + g)


def test_input_gradient_skipped_only_when_not_asked_for():
    x = np.random.default_rng(0).normal(size=(5, 3))
    dy = np.random.default_rng(1).normal(size=(5, 2))
    net = _net()
    net(x)
    dx = net.backward(dy, input_grad=True)
    grads = [p.grad.copy() for p in net.parameters()]
    w1, w2 = net[0].weight.data, net[2].weight.data
    expected = ((dy @ w2) * (net[0](x) > 0)) @ w1
    np.testing.assert_allclose(dx, expected, rtol=1e-12)
    net.zero_grad()
    net(x)
    assert net.backward(dy) is None                           # a Sequential's default, as in PyTorch
    for p, g in zip(net.parameters(), grads):                 # the parameters' gradients are the same
        np.testing.assert_array_equal(p.grad, g)
    net(x)
    np.testing.assert_array_equal(net.backward(dy, input_grad=True), dx)


@pytest.mark.parametrize("bad, error, message", [
    (np.zeros((5, 4)), ValueError, r"X has 4 features, but Linear\(3, 4\) is expecting 3"),
    (np.zeros(3), ValueError, r"expects a batch"),
    ([["a", "b", "c"]], TypeError, r"array of numbers"),
])
def test_forward_refuses_a_bad_input_after_good_ones(bad, error, message):
    net = _net()
    for _ in range(3):
        net(np.zeros((5, 3)))
    with pytest.raises(error, match=message):
        net(bad)


def test_backward_refuses_a_bad_gradient_after_good_ones():
    net = _net()
    for _ in range(3):
        net(np.zeros((5, 3)))
        net.backward(np.ones((5, 2)))
    net(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"Linear.backward expects grad_out of shape \(5, 2\)"):
        net.backward(np.ones((4, 2)))


@pytest.mark.parametrize("target, error, message", [
    (np.array([0, 1, 3]), ValueError, r"must lie in \[0, 2\].*got 3"),
    (np.array([0, -1, 2]), ValueError, r"must lie in \[0, 2\].*got -1"),
    (np.array([0.0, 1.0, 2.0]), TypeError, r"must be integers"),
    (np.array([[0], [1], [2]]), ValueError, r"shape \(3,\)"),
])
def test_cross_entropy_refuses_bad_targets_after_good_ones(target, error, message):
    loss_fn = nl.CrossEntropyLoss()
    logits = np.zeros((3, 3))
    for _ in range(3):
        loss_fn(logits, np.array([0, 1, 2]))
    with pytest.raises(error, match=message):
        loss_fn(logits, target)


def test_replacing_a_parameter_by_an_array_is_still_refused():
    lin = nl.Linear(2, 3, rng=0)
    lin.x = np.zeros((1, 2))                                  # ordinary attributes: no check in the way
    with pytest.raises(TypeError, match=r"Linear.weight is a Parameter"):
        lin.weight = np.zeros((3, 2))


def test_sequential_forgets_saved_states_when_its_layers_change():
    """Sequential works out once whether a layer is shared; after the list changes, backward must not restore
    states saved for the old list."""
    x = np.random.default_rng(0).normal(size=(4, 3))
    dy = np.random.default_rng(1).normal(size=(4, 3))
    shared, other = nl.Linear(3, 3, rng=0), nl.Linear(3, 3, rng=1)
    net = nl.Sequential(shared, nl.Tanh(), shared)
    net(x)
    net.backward(dy)
    net.layers[2] = other                                     # no layer is shared any more
    net.zero_grad()
    net(x)
    dx = net.backward(dy, input_grad=True)
    fresh = nl.Sequential(nl.Linear(3, 3, rng=0), nl.Tanh(), nl.Linear(3, 3, rng=1))
    fresh(x)
    np.testing.assert_array_equal(dx, fresh.backward(dy, input_grad=True))
    for p, q in zip(net.parameters(), fresh.parameters()):
        np.testing.assert_array_equal(p.grad, q.grad)
