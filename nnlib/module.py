"""The building blocks every layer shares: ``Parameter`` and ``Module``.

A module maps a batch forward, ``y = module(x)``, and on the way back ``module.backward(dy)`` ADDS the gradients
of its parameters into ``p.grad`` (as PyTorch does), until ``zero_grad()`` clears them. A layer's backward also
returns the gradient for its input, ``dx = layer.backward(dy)``. A whole ``Sequential`` model returns None unless
asked, ``dx = model.backward(dy, input_grad=True)``: as in PyTorch, the data needs no gradient, and leaving
it out saves the first layer one matrix product.

As in PyTorch, the Parameters and Modules a module assigns as attributes are its own, found in the order they
were assigned (lists, tuples and dicts of Modules too, named like PyTorch's ModuleList and ModuleDict:
``layers.0.weight``, ``heads.digit.bias``)::

    class TwoLayers(nl.Module):
        def __init__(self):
            super().__init__()               # optional in nnlib, needed in PyTorch
            self.fc1 = nl.Linear(2, 8, rng=0)
            self.fc2 = nl.Linear(8, 1, rng=1)
        ...
    [name for name, p in TwoLayers().named_parameters()]   # ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']

Explicit backward has one limit PyTorch's autograd does not: a layer remembers the input of its LAST forward
call, so a module that calls the same layer twice in its own forward must save and restore that state itself
(``Sequential`` does this for a layer listed twice). ``train()`` / ``eval()`` set ``training`` as in PyTorch;
no nnlib layer behaves differently in the two modes yet (there is no dropout or batch norm).
"""
import functools
import inspect
import os

import numpy as np

from ._validate import _FLOAT64, as_array, check_shape


class Parameter:
    """A trainable array ``data`` with a gradient ``grad`` of the same shape.

    Backward passes add into ``grad`` (``p.add_grad(g)`` or ``p.grad += g``) and ``zero_grad()`` clears it. The
    clearing waits, much as PyTorch's ``zero_grad()`` sets ``grad`` to None: reading ``grad`` before the next
    backward gives zeros, and the next ``add_grad(g)`` keeps the new array ``g`` itself as the gradient, with no
    pass of zeros and no copy (PyTorch's first backward stores its result the same way)."""

    def __init__(self, data):
        self.data = np.array(as_array(data, "Parameter data"), dtype=np.float64)     # a copy, as float64
        self._grad = np.zeros_like(self.data)
        self._cleared = False           # True after zero_grad() until grad is next read or added to
        self._kept = False              # True while _grad is an array add_grad was given (not ours to change)

    @property
    def grad(self):
        if self._cleared:
            if self._kept:
                self._grad = np.zeros_like(self.data)
            else:
                self._grad.fill(0.0)
            self._cleared = self._kept = False
        return self._grad

    @grad.setter
    def grad(self, value):
        self._grad, self._cleared, self._kept = value, False, False

    def add_grad(self, g):
        """``grad += g``: what every layer's backward does with the gradient of its parameters.

        Right after ``zero_grad()`` the array ``g`` itself becomes the gradient, so pass a new array that nothing
        else holds, such as ``dy.T @ x``. add_grad never writes into ``g``: a second call makes a new sum."""
        if not (isinstance(g, np.ndarray) and g.dtype is _FLOAT64 and g.shape == self.data.shape):
            g = check_shape(as_array(g, "add_grad's gradient"), self.data.shape, "a gradient", "add_grad",
                            why="the parameter's shape")
        if self._cleared:
            self._grad, self._cleared, self._kept = g, False, True
        elif self._kept:
            self._grad, self._kept = self._grad + g, False
        else:
            self._grad += g

    def zero_grad(self):
        self._cleared = True

    @property
    def shape(self):
        return self.data.shape

    def __repr__(self):
        return f"Parameter(shape={self.data.shape})"


class Module:
    """Base class: subclasses define ``forward(x)`` and ``backward(grad_out, input_grad=True)``."""

    training = True

    def __init_subclass__(cls, **kwargs):
        """Every module's backward takes ``input_grad``: one written as ``backward(self, grad_out)`` gets the
        flag added here, once, when its class is defined (so Sequential and fit can always pass it)."""
        super().__init_subclass__(**kwargs)
        if "backward" in vars(cls) and not _takes_input_grad(cls.backward):
            cls.backward = _with_input_grad(cls.backward)

    def __setattr__(self, name, value):
        """As in PyTorch, a Parameter attribute can only be replaced by a Parameter (``lin.weight = array`` would
        silently drop it from parameters()); change its values with ``lin.weight.data[...] = array``."""
        attrs = self.__dict__
        if isinstance(attrs.get(name), Parameter) and not isinstance(value, Parameter):
            raise TypeError(f"{type(self).__name__}.{name} is a Parameter; assign a Parameter, not a "
                            f"{type(value).__name__} (or set its values: {name}.data[...] = new_values).")
        if name in attrs:
            attrs[name] = value          # replacing (each forward saves its input again): the quick way
        else:
            object.__setattr__(self, name, value)      # a new attribute: properties and __slots__ still work

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def forward(self, x):
        raise NotImplementedError(f"{type(self).__name__} must define forward(x).")

    def backward(self, grad_out, input_grad=True):
        """Add the parameters' gradients into ``.grad`` and return the gradient for the input
        (or None when ``input_grad`` is False and the module can skip it)."""
        raise NotImplementedError(f"{type(self).__name__} must define backward(grad_out, input_grad=True).")

    # ---- finding parameters and submodules -------------------------------------------------------------
    def named_children(self):
        """(name, module) for the Modules assigned as attributes, in assignment order. A list or tuple of
        Modules gives "name.0", "name.1", ..., a dict of Modules "name.key" (PyTorch's ModuleList, ModuleDict)."""
        for name, value in vars(self).items():
            if isinstance(value, Module):
                yield name, value
            elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Module) for v in value):
                yield from ((f"{name}.{i}", v) for i, v in enumerate(value))
            elif isinstance(value, dict) and value and all(isinstance(v, Module) for v in value.values()):
                yield from ((f"{name}.{k}", v) for k, v in value.items())

    def children(self):
        return [m for _, m in self.named_children()]

    def named_modules(self, prefix="", remove_duplicate=True, _memo=None):
        """(dotted name, module) for this module ("") and every module inside it; a module reached twice
        comes once unless remove_duplicate=False."""
        memo = set() if _memo is None else _memo
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, child in self.named_children():
            yield from child.named_modules(f"{prefix}.{name}" if prefix else name, remove_duplicate, memo)

    def modules(self):
        return [m for _, m in self.named_modules()]

    def named_parameters(self, remove_duplicate=True):
        """(dotted name, Parameter) as PyTorch names them: "weight", "0.bias", "encoder.fc.weight".
        A Parameter shared by two modules comes once (under its first name) unless remove_duplicate=False."""
        seen = set()
        for prefix, module in self.named_modules(remove_duplicate=remove_duplicate):
            for name, value in vars(module).items():
                if isinstance(value, Parameter) and not (remove_duplicate and id(value) in seen):
                    seen.add(id(value))
                    yield (f"{prefix}.{name}" if prefix else name), value

    def parameters(self):
        """The module's Parameters, each once, in a fixed order (weight before bias, first layer first).
        A list, so it can be passed to an optimiser and still be looked at."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self):
        for p in self.parameters():
            p.zero_grad()

    def train(self, mode=True):
        """Set ``training`` on this module and every module inside it; returns self."""
        for m in self.modules():
            m.training = bool(mode)
        return self

    def eval(self):
        return self.train(False)

    # ---- keeping a trained model ------------------------------------------------------------------------
    def state_dict(self):
        """{dotted name: copy of the parameter's array}, every name PyTorch would list (shared ones too)."""
        return {name: p.data.copy() for name, p in self.named_parameters(remove_duplicate=False)}

    def load_state_dict(self, state_dict):
        """Copy the arrays of ``state_dict`` into the parameters, in place (optimisers keep working).
        Refuses a missing or unexpected name, or an array of the wrong shape, before changing anything."""
        if not isinstance(state_dict, dict):
            raise TypeError(f"load_state_dict expects a dict of arrays, but got {type(state_dict).__name__}.")
        own = dict(self.named_parameters(remove_duplicate=False))
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        if missing or unexpected:
            raise ValueError(f"load_state_dict: the names do not match this {type(self).__name__}. "
                             f"Missing: {missing or 'none'}; unexpected: {unexpected or 'none'}.")
        arrays = {k: as_array(v, f"state_dict[{k!r}]") for k, v in state_dict.items()}
        for k, p in own.items():
            check_shape(arrays[k], p.shape, f"state_dict[{k!r}]", "load_state_dict", why="the parameter's shape")
        for k, p in own.items():
            p.data[...] = arrays[k]
        return self

    def save(self, path):
        """Write the state_dict to a numpy ``.npz`` file (arrays only, no pickled code). Returns the path."""
        return save(self.state_dict(), path)

    def load(self, path):
        """Load parameters saved by ``save(path)`` into this module (names and shapes must match)."""
        return self.load_state_dict(load(path))

    # ---- helpers for layers -----------------------------------------------------------------------------
    def _saved(self, name):
        """Fetch what forward saved for backward, with a clear error if forward has not run."""
        value = getattr(self, name, None)
        if value is None:
            raise RuntimeError(f"{type(self).__name__}.backward() was called before forward().")
        return value

    def _check_grad(self, grad, shape, name="grad_out"):
        """The incoming gradient, refused unless it has ``shape``, the shape of the forward output."""
        if isinstance(grad, np.ndarray) and grad.shape == shape:     # the usual case, checked cheaply
            return grad
        if grad is None:
            raise TypeError(f"{type(self).__name__}.backward got None as {name}. A Sequential's backward returns "
                            "the gradient for its input only when asked: model.backward(dy, input_grad=True).")
        grad = as_array(grad, name)
        return check_shape(grad, shape, name, f"{type(self).__name__}.backward",
                           why="the shape of the last forward output")

    def extra_repr(self):
        """The text inside the parentheses of ``repr`` (for a module without children)."""
        return ""

    def __repr__(self):
        lines = [f"({name}): " + repr(child).replace("\n", "\n  ") for name, child in self.named_children()]
        if not lines:
            return f"{type(self).__name__}({self.extra_repr()})"
        return f"{type(self).__name__}(\n  " + "\n  ".join(lines) + "\n)"


def _takes_input_grad(backward):
    """Whether a backward function accepts ``input_grad`` (by name or through ``**kwargs``)."""
    params = inspect.signature(backward).parameters
    return "input_grad" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def _with_input_grad(backward):
    """A learner's ``backward(self, grad_out)`` that also takes ``input_grad``: it computes the input gradient
    anyway and returns None when that was not asked for."""
    @functools.wraps(backward)
    def backward_with_flag(self, grad_out, input_grad=True):
        dx = backward(self, grad_out)
        return dx if input_grad else None
    return backward_with_flag


def save(state_dict, path):
    """``nl.save(model.state_dict(), "model.npz")``: write a dict of arrays with ``np.savez``.

    numpy adds ".npz" when ``path`` lacks it; the path actually written is returned."""
    if isinstance(state_dict, Module):
        state_dict = state_dict.state_dict()
    if not isinstance(state_dict, dict):
        raise TypeError(f"save expects a Module or a state_dict, but got {type(state_dict).__name__}.")
    path = os.fspath(path)
    path = path if path.endswith(".npz") else path + ".npz"
    np.savez(path, **{k: as_array(v, f"state_dict[{k!r}]") for k, v in state_dict.items()})
    return path


def load(path):
    """``model.load_state_dict(nl.load("model.npz"))``: read a dict of arrays, never unpickling code."""
    path = os.fspath(path)
    if not os.path.exists(path) and os.path.exists(path + ".npz"):
        path += ".npz"
    with np.load(path, allow_pickle=False) as archive:
        return {k: archive[k] for k in archive.files}
