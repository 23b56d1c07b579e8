"""Modules behave as torch.nn.Module: attribute discovery, dotted names, sharing, repr, train/eval,
state_dict and files. PyTorch is the reference wherever it has the same thing."""
import numpy as np
import pytest

import nnlib as nl

torch = pytest.importorskip("torch", reason="PyTorch is the reference; `make test` installs it from requirements-dev.txt")
torch.set_default_dtype(torch.float64)


class Encoder(nl.Module):
    def __init__(self):
        super().__init__()
        self.fc = nl.Linear(3, 4, rng=0)
        self.act = nl.Tanh()

    def forward(self, x):
        return self.act(self.fc(x))

    def backward(self, grad_out, input_grad=True):
        return self.fc.backward(self.act.backward(grad_out), input_grad)


class Net(nl.Module):
    """What a learner writes after a PyTorch tutorial; it forgets super().__init__() on purpose."""

    def __init__(self):
        self.encoder = Encoder()
        self.head = nl.Sequential(nl.Linear(4, 4, rng=1), nl.ReLU(), nl.Linear(4, 2, rng=2))

    def forward(self, x):
        return self.head(self.encoder(x))

    def backward(self, grad_out, input_grad=True):
        return self.encoder.backward(self.head.backward(grad_out, input_grad=True), input_grad)


class TorchNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Module()
        self.encoder.fc = torch.nn.Linear(3, 4)
        self.encoder.act = torch.nn.Tanh()
        self.head = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))

    def forward(self, x):
        return self.head(self.encoder.act(self.encoder.fc(x)))


def from_torch(module):
    return {k: v.detach().numpy().copy() for k, v in module.state_dict().items()}


def test_attribute_layers_are_found_with_pytorch_names():
    net, ref = Net(), TorchNet()
    assert [n for n, _ in net.named_parameters()] == [n for n, _ in ref.named_parameters()]
    assert list(net.state_dict()) == list(ref.state_dict())
    assert [p.shape for p in net.parameters()] == [tuple(p.shape) for p in ref.parameters()]
    assert [n for n, _ in net.named_modules()] == [n for n, _ in ref.named_modules()]
    assert len(net.children()) == len(list(ref.children())) == 2


def test_torch_weights_load_and_give_torch_outputs_and_gradients():
    net, ref = Net(), TorchNet()
    net.load_state_dict(from_torch(ref))
    x = np.random.default_rng(0).normal(size=(5, 3))
    dy = np.random.default_rng(1).normal(size=(5, 2))
    xt = torch.tensor(x, requires_grad=True)
    out = ref(xt)
    out.backward(torch.tensor(dy))
    np.testing.assert_allclose(net(x), out.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(net.backward(dy), xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    for (name, p), (_, pt) in zip(net.named_parameters(), ref.named_parameters()):
        np.testing.assert_allclose(p.grad, pt.grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=name)


def test_a_layer_used_twice_is_listed_once_and_gets_both_gradients():
    shared = nl.Linear(3, 3, rng=0)
    net = nl.Sequential(shared, nl.Tanh(), shared)
    lin = torch.nn.Linear(3, 3)
    ref = torch.nn.Sequential(lin, torch.nn.Tanh(), lin)
    assert [n for n, _ in net.named_parameters()] == [n for n, _ in ref.named_parameters()] == ["0.weight", "0.bias"]
    assert list(net.state_dict()) == list(ref.state_dict())          # torch lists "2.weight" as well
    net.load_state_dict(from_torch(ref))
    x, y = np.random.default_rng(2).normal(size=(4, 3)), np.array([0, 2, 1, 2])
    opt, ref_opt = nl.SGD(net.parameters(), lr=0.1, momentum=0.9), torch.optim.SGD(ref.parameters(), lr=0.1, momentum=0.9)
    loss_fn = nl.CrossEntropyLoss()
    for _ in range(3):
        opt.zero_grad()
        loss_fn(net(x), y)
        net.backward(loss_fn.backward())
        opt.step()
        ref_opt.zero_grad()
        torch.nn.functional.cross_entropy(ref(torch.tensor(x)), torch.tensor(y)).backward()
        ref_opt.step()
        np.testing.assert_allclose(shared.weight.data, lin.weight.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(shared.bias.data, lin.bias.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_a_layer_added_to_layers_after_training_is_seen_as_shared():
    """Sequential works out once whether a layer is listed twice; changing ``layers`` must be noticed."""
    lin = nl.Linear(3, 3, rng=0)
    net = nl.Sequential(lin, nl.Tanh())
    x, y = np.random.default_rng(1).normal(size=(5, 3)), np.array([0, 1, 2, 1, 0])
    assert nl.gradcheck(net, nl.CrossEntropyLoss(), x, y) < 1e-6
    net.layers.append(lin)                       # now lin is used twice: each use needs its own input
    assert nl.gradcheck(net, nl.CrossEntropyLoss(), x, y) < 1e-6
    net.layers.pop()
    assert nl.gradcheck(net, nl.CrossEntropyLoss(), x, y) < 1e-6


def test_outputs_and_gradients_are_new_arrays_on_every_call():
    """The fast paths work in place on arrays of their own, never on an array handed out before."""
    net = nl.Sequential(nl.Linear(3, 4, rng=0), nl.ReLU(), nl.Linear(4, 2, rng=1))
    loss_fn = nl.CrossEntropyLoss()
    x, y = np.random.default_rng(2).normal(size=(6, 3)), np.array([0, 1, 1, 0, 1, 0])
    out1 = net(x)
    loss_fn(out1, y)
    g1 = loss_fn.backward()
    kept = out1.copy(), g1.copy(), x.copy()
    dx1 = net.backward(g1, input_grad=True)
    out2 = net(2 * x)
    loss_fn(out2, 1 - y)
    net.backward(loss_fn.backward())
    np.testing.assert_array_equal(out1, kept[0])
    np.testing.assert_array_equal(g1, kept[1])
    np.testing.assert_array_equal(x, kept[2])
    assert not np.shares_memory(dx1, x)


def test_repr_indents_nested_containers_like_pytorch():
    net = nl.Sequential(nl.Linear(2, 3, rng=0), nl.ReLU(), nl.Sequential(nl.Linear(3, 3, rng=1), nl.Tanh()))
    ref = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(),
                              torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.Tanh()))
    assert repr(net) == repr(ref).replace(", bias=True", "")


def test_train_and_eval_set_training_everywhere():
    net = Net()
    assert net.eval() is net
    assert all(not m.training for m in net.modules()) and len(net.modules()) == len(list(TorchNet().modules()))
    net.train()
    assert all(m.training for m in net.modules())


def test_state_dict_round_trip_through_a_file(tmp_path):
    net, other = Net(), Net()
    for p in other.parameters():
        p.data += 1.0
    opt = nl.SGD(other.parameters(), lr=0.1)
    written = other.save(tmp_path / "model")
    assert written.endswith("model.npz")
    net.load(tmp_path / "model")                 # finds model.npz
    for (name, a), b in zip(net.state_dict().items(), other.state_dict().values()):
        np.testing.assert_array_equal(a, b, err_msg=name)
    state = nl.load(nl.save(net.state_dict(), tmp_path / "again.npz"))
    assert list(state) == list(net.state_dict())
    other.load_state_dict(Net().state_dict())    # in place: the optimiser still holds the live arrays
    assert opt.params[0] is other.encoder.fc.weight
    np.testing.assert_array_equal(opt.params[0].data, Net().encoder.fc.weight.data)


def test_npz_files_are_opened_without_pickle(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, **{"encoder.fc.weight": np.array([object()], dtype=object)})
    with pytest.raises(ValueError, match="allow_pickle"):
        nl.load(path)


def test_load_state_dict_refuses_wrong_names_and_shapes_before_changing_anything():
    net = Net()
    before = net.state_dict()
    good = Net().state_dict()
    missing = dict(good)
    del missing["head.2.bias"]
    with pytest.raises(ValueError, match=r"Missing: \['head.2.bias'\]; unexpected: none"):
        net.load_state_dict(missing)
    extra = dict(good, **{"head.3.weight": np.zeros(2)})
    with pytest.raises(ValueError, match=r"unexpected: \['head.3.weight'\]"):
        net.load_state_dict(extra)
    wrong = dict(good, **{"encoder.fc.weight": np.zeros((3, 4))})
    with pytest.raises(ValueError, match=r"state_dict\['encoder.fc.weight'\] of shape \(4, 3\) .*, but got shape \(3, 4\)"):
        net.load_state_dict(wrong)
    with pytest.raises(TypeError, match="expects a dict of arrays, but got list"):
        net.load_state_dict(list(good.values()))
    for (name, a), b in zip(net.state_dict().items(), before.values()):
        np.testing.assert_array_equal(a, b, err_msg=name)


def test_learner_module_without_super_init_trains():
    net = Net()
    X, y = nl.make_moons(60, noise=0.1, rng=0)
    X = np.c_[X, X[:, 0] * X[:, 1]]
    hist = nl.fit(net, nl.CrossEntropyLoss(), nl.Adam(net.parameters(), lr=0.02), X, y, epochs=30, rng=0,
                  progress=False)
    assert hist["loss"][-1] < hist["loss"][0]


def test_module_without_parameters_gets_a_plain_message():
    with pytest.raises(ValueError, match="SGD got no parameters to update.*layers with weights"):
        nl.SGD(nl.Sequential(nl.ReLU(), nl.Tanh()).parameters(), lr=0.1)
    with pytest.raises(TypeError, match=r"not the model: pass model.parameters\(\)"):
        nl.SGD(Net(), lr=0.1)


def test_learner_backward_without_input_grad_flag_works_in_sequential_and_fit():
    class MyTanh(nl.Module):
        def forward(self, x):
            self.out = np.tanh(x)
            return self.out

        def backward(self, grad_out):
            return grad_out * (1 - self.out ** 2)

    class First(nl.Module):
        def __init__(self):
            self.fc = nl.Linear(2, 2, rng=0)

        def forward(self, x):
            return self.fc(x)

        def backward(self, grad_out):
            return self.fc.backward(grad_out)

    net = nl.Sequential(First(), MyTanh(), nl.Linear(2, 2, rng=1))
    X, y = nl.make_moons(20, rng=0)
    assert nl.gradcheck(net, nl.CrossEntropyLoss(), X, y) < 1e-6
    nl.fit(net, nl.CrossEntropyLoss(), nl.SGD(net.parameters(), lr=0.1), X, y, epochs=2, progress=False)


def test_a_learner_backward_gets_the_input_grad_flag_and_keeps_its_own_name():
    class Double(nl.Module):
        def forward(self, x):
            return 2 * x

        def backward(self, grad_out):
            """Twice the gradient."""
            return 2 * grad_out

    layer = Double()
    g = np.array([[1.0, -3.0]])
    np.testing.assert_array_equal(layer.backward(g), [[2.0, -6.0]])        # called as the learner wrote it
    np.testing.assert_array_equal(layer.backward(g, input_grad=True), [[2.0, -6.0]])
    assert layer.backward(g, input_grad=False) is None
    assert Double.backward.__name__ == "backward" and Double.backward.__doc__ == "Twice the gradient."


def test_module_lists_and_dicts_are_found_like_modulelist_and_moduledict():
    class Stack(nl.Module):
        def __init__(self):
            self.layers = [nl.Linear(2, 2, rng=0), nl.Linear(2, 1, rng=1)]
            self.heads = {"digit": nl.Linear(1, 10, rng=2), "odd": nl.Linear(1, 1, rng=3)}

    class TorchStack(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = torch.nn.ModuleList([torch.nn.Linear(2, 2), torch.nn.Linear(2, 1)])
            self.heads = torch.nn.ModuleDict({"digit": torch.nn.Linear(1, 10), "odd": torch.nn.Linear(1, 1)})

    assert [n for n, _ in Stack().named_parameters()] == [n for n, _ in TorchStack().named_parameters()]


def test_a_parameter_cannot_be_replaced_by_an_array_but_its_values_can_change():
    lin, ref = nl.Linear(2, 3, rng=0), torch.nn.Linear(2, 3)
    with pytest.raises(TypeError):
        ref.weight = torch.zeros(3, 2)                 # PyTorch refuses too
    with pytest.raises(TypeError, match=r"Linear.weight is a Parameter; assign a Parameter, not a ndarray"):
        lin.weight = np.zeros((3, 2))
    lin.weight.data[...] = 1.0
    lin.weight = nl.Parameter(np.ones((3, 2)))
    assert [n for n, _ in lin.named_parameters()] == ["weight", "bias"]
    lin.weight.data = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"weight must have shape \(3, 2\), but it was set to shape \(2, 3\)"):
        lin(np.zeros((1, 2)))


def test_slicing_a_sequential_gives_a_sequential_as_in_pytorch():
    net = nl.Sequential(nl.Linear(2, 3, rng=0), nl.ReLU(), nl.Linear(3, 1, rng=1))
    ref = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    net.load_state_dict(from_torch(ref))
    x = np.random.default_rng(0).normal(size=(4, 2))
    assert isinstance(net[:2], nl.Sequential) and net[:2][0] is net[0]
    np.testing.assert_allclose(net[:2](x), ref[:2](torch.tensor(x)).detach().numpy(), rtol=1e-12)


def _sum_loss_grad_of_input(model, x, w):
    """The numerical gradient of sum(model(x) * w) with respect to x, and the analytic one asked of model."""
    model(x)
    dx = model.backward(w, input_grad=True)
    return dx, nl.numerical_gradient(lambda: float(np.sum(model(x) * w)), x)


def test_sequential_returns_the_input_gradient_only_when_asked_like_pytorch_data():
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    net = nl.Sequential(nl.Linear(3, 4, rng=0), nl.Tanh(), nl.Linear(4, 2, rng=1))
    net(x)
    assert net.backward(w) is None
    assert np.any(net[0].weight.grad != 0)                    # the parameters got their gradients all the same
    dx, numeric = _sum_loss_grad_of_input(net, x, w)
    assert dx.shape == x.shape
    assert nl.relative_error(dx, numeric) < 1e-8
    # a single layer still returns its input's gradient by default (chapter 8: dX = layer.backward(dY))
    lin = nl.Linear(3, 2, rng=0)
    lin(x)
    np.testing.assert_allclose(lin.backward(w), w @ lin.weight.data, rtol=1e-15)


def test_nested_sequentials_and_modules_still_pass_the_gradient_along():
    """A Sequential inside a Sequential, or a learner's Module holding one, still hands its input's gradient
    to the layer before it: the same gradients as the flat network with the same weights."""
    flat = nl.Sequential(nl.Linear(3, 4, rng=0), nl.Tanh(), nl.Linear(4, 4, rng=1), nl.ReLU(), nl.Linear(4, 2, rng=2))
    nested = nl.Sequential(flat[0], nl.Sequential(flat[1], nl.Sequential(flat[2], flat[3])), flat[4])
    X, y = np.random.default_rng(4).normal(size=(6, 3)), np.array([0, 1, 1, 0, 1, 0])
    loss_fn = nl.CrossEntropyLoss()
    grads = []
    for model in (flat, nested, Net()):
        assert nl.gradcheck(model, loss_fn, X, y) < 1e-6
    for model in (flat, nested):
        model.zero_grad()
        loss_fn(model(X), y)
        grads.append((model.backward(loss_fn.backward(), input_grad=True), [p.grad.copy() for p in flat.parameters()]))
    np.testing.assert_allclose(grads[0][0], grads[1][0], rtol=1e-13)
    for a, b in zip(grads[0][1], grads[1][1]):
        np.testing.assert_allclose(a, b, rtol=1e-13)


def test_a_module_that_forgets_to_ask_for_the_input_gradient_gets_a_clear_error():
    class Forgets(Net):
        def backward(self, grad_out, input_grad=True):
            return self.encoder.backward(self.head.backward(grad_out), input_grad)

    net = Forgets()
    net(np.zeros((2, 3)))
    with pytest.raises(TypeError, match=r"got None as grad_out.*model.backward\(dy, input_grad=True\)"):
        net.backward(np.ones((2, 2)))
