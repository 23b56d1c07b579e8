"""The explorers: sliders that move a neuron, live in JupyterLab (with a kernel) and on the static site (without).

    from nnlib import widgets
    widgets.neuron_explorer()          # the cell's last expression, or display(...)

Every builder returns an ``Explorer`` with ``.controls`` (dict name -> slider or dropdown; setting
``explorer.controls["w1"].value = 2.0`` moves it), ``.state`` (the numbers nnlib computes for the current
controls) and ``.set(**values)``. How they are built: ``_base.py``. One module per explorer, its ``.js`` beside it.
"""
from ._base import Explorer, fmt
from .activation import activation_explorer
from .bump import bump_builder, bump_target
from .bump_challenge import bump_challenge, bump_tower
from .conv import KERNELS, conv_explorer, convolve_digit
from .gate import gate_explorer
from .generalisation import generalisation_explorer
from .gradient_descent import bowl_loss, descend, gradient_descent_explorer
from .lif import lif_explorer
from .loss import loss_explorer
from .neuron import neuron_explorer
from .rnn import rnn_explorer, rnn_signal
from .training import train_moons, training_explorer

__all__ = ["Explorer", "activation_explorer", "bump_builder", "bump_challenge", "bump_tower", "conv_explorer",
           "gate_explorer", "generalisation_explorer", "gradient_descent_explorer", "lif_explorer", "loss_explorer",
           "neuron_explorer", "rnn_explorer", "training_explorer"]
