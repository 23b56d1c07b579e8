"""nnlib: a small, readable neural-network library for the course "The artificial neuron".

    import nnlib as nl
    model = nl.Sequential(nl.Linear(2, 8, rng=0), nl.ReLU(), nl.Linear(8, 2, rng=1))
    history = nl.fit(model, nl.CrossEntropyLoss(), nl.SGD(model.parameters(), lr=0.1), X, y, epochs=50)

The core (everything importable from here) needs only numpy and tqdm; ``nnlib.plot`` adds matplotlib
figures and ``nnlib.widgets`` adds ipywidgets explorers.
"""
from .activations import ACTIVATIONS, Activation, activation, identity, leaky_relu, relu, sigmoid, softmax, step, tanh
from .conv import Conv2d
from .datasets import load_digits, logic_gate, make_circles, make_moons, make_spirals, train_test_split
from .gradcheck import gradcheck, numerical_gradient, relative_error
from .layers import Flatten, LeakyReLU, Linear, ReLU, Sequential, Sigmoid, Step, Tanh
from .losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from .module import Module, Parameter, load, save
from .neuron import Neuron, train_perceptron
from .optim import SGD, Adam
from .recurrent import RNN
from .spiking import LIF
from .train import TrainingDiverged, accuracy, evaluate, fit

__version__ = "0.1.0"
