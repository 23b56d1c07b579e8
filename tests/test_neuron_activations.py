"""The single neuron and the activation functions."""
import warnings

import numpy as np
import pytest

import nnlib as nl

AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


def test_weighted_sum_one_input_and_batch():
    n = nl.Neuron([0.5, -2.0], bias=0.25)
    assert n.weighted_sum([2.0, 1.0]) == pytest.approx(0.5 * 2 - 2 * 1 + 0.25)
    batch = n.weighted_sum(AND_X)
    assert batch.shape == (4,)
    np.testing.assert_allclose(batch, [0.25, -1.75, 0.75, -1.25])


def test_step_neuron_fires_at_threshold_inclusive():
    n = nl.Neuron([1.0, 1.0], bias=-1.0, threshold=0.0)
    assert n.fires([0.5, 0.5]) is True          # z = 0 exactly: >= threshold fires
    assert n([0.5, 0.5]) == 1.0
    assert n([0.0, 0.5]) == 0.0
    np.testing.assert_array_equal(n(AND_X), [0, 1, 1, 1])


def test_and_gate_with_one_neuron():
    X, y = nl.logic_gate("AND")
    np.testing.assert_array_equal(nl.Neuron([1, 1], bias=-1.5)(X), y)


def test_raising_bias_and_threshold_by_d_cancel():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    w, b, theta = rng.normal(size=3), 0.3, -0.2
    for d in (-2.0, 0.7, 5.0):
        base = nl.Neuron(w, b, threshold=theta)
        shifted = nl.Neuron(w, b + d, threshold=theta + d)
        np.testing.assert_array_equal(base.fires(X), shifted.fires(X))
        # and moving only one of them changes something
        assert not np.array_equal(base.fires(X), nl.Neuron(w, b + d, threshold=theta).fires(X))


def test_other_activations_output_f_of_z():
    n = nl.Neuron([2.0, -1.0], bias=0.5, activation="sigmoid", threshold=0.5)
    z = 2 * 1.0 - 1 * 3.0 + 0.5
    assert n([1.0, 3.0]) == pytest.approx(1 / (1 + np.exp(-z)))
    assert n.fires([1.0, 3.0]) is False          # z = -0.5 < θ = 0.5
    assert nl.Neuron([1.0], activation="relu")([-3.0]) == 0.0
    assert nl.Neuron([1.0], activation="tanh")([0.5]) == pytest.approx(np.tanh(0.5))


def test_neuron_refuses_wrong_input_length_and_bad_activation():
    n = nl.Neuron([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"expects an input of shape \(3,\).*got shape \(2,\)"):
        n([1.0, 2.0])
    with pytest.raises(ValueError, match=r"\(N, 3\).*got shape \(4, 2\)"):
        n(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="Unknown activation 'sigmod'.*sigmoid"):
        nl.Neuron([1.0], activation="sigmod")
    with pytest.raises(TypeError, match="must be an array of numbers"):
        n(["a", "b", "c"])


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "step"])
def test_derivatives_match_centred_differences(name):
    act = nl.activation(name)
    z = np.array([-3.1, -0.7, -0.05, 0.05, 0.4, 2.3])     # away from the kinks at 0
    h = 1e-6
    numeric = (act(z + h) - act(z - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(z), numeric, rtol=1e-7, atol=1e-9)


def test_softmax_and_its_jacobian():
    z = np.array([[0.2, -1.0, 3.0], [1000.0, 0.0, -1000.0]])
    s = nl.softmax(z)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    assert np.all(np.isfinite(s))
    jac = nl.activation("softmax").derivative(z[0])
    h = 1e-6
    numeric = np.stack([(nl.softmax(z[0] + h * e) - nl.softmax(z[0] - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(jac, numeric, atol=1e-9)


def test_sigmoid_is_stable_and_never_exactly_zero():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = nl.sigmoid(np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0]))
    assert s[0] >= 0.0                                   # exp(-1000) underflows; never negative, no warning
    assert 0 < s[1] < 1e-12
    assert s[2] == 0.5
    assert s[4] == 1.0


def test_unknown_activation_lists_known_ones():
    with pytest.raises(ValueError) as err:
        nl.activation("swish")
    for known in ["step", "identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]:
        assert known in str(err.value)
