"""A typical wrong answer for every exercise of the book, for the grading-cycle test (tests/test_nbgrader_cycle.py).

Keyed by the grade id of the exercise's answer cell (tools/nbgrader_meta.py). Each entry:

    "blocks": the code that replaces the cell's solution blocks, in order (written without indentation; it
              takes the indentation of the BEGIN SOLUTION line). A cell with two blocks may give one: the
              later blocks keep the reference solution.
    "hint":   words of the check's hint for that mistake, which the feedback must show.

The mistakes are those the chapters' check tests refuse (tests/test_checks_chNN.py).
"""

WRONG = {
    # 01 The artificial neuron
    "ch01_weighted_sum": {"blocks": ["return float(np.dot(w, x))"], "hint": "bias"},
    "ch01_neuron_batch": {"blocks": ["return X @ w + b"], "hint": "sigmoid"},
    "ch01_w_focus": {"blocks": ["w_focus = np.array([10.0, 0.0, 0.0])\nb_focus = -5.0"], "hint": "x2"},
    # 02 Firing and thresholds
    "ch02_fires": {"blocks": ["return bool(np.dot(w, x) + b > theta)"], "hint": "use >= rather than >"},
    "ch02_w_or": {"blocks": ["w_or, b_or = np.array([1.0, 1.0]), -1.5\n"
                             "w_nand, b_nand = np.array([-1.0, -1.0]), 1.5"], "hint": "OR"},
    "ch02_perceptron_update": {"blocks": ["return w + lr * target * x, b + lr * target"], "hint": "error"},
    # 03 Activation functions
    "ch03_sigmoid": {"blocks": ["return 1.0 / (1.0 + np.exp(-z))"], "hint": "overflow"},
    "ch03_relu_derivative": {"blocks": ["return np.maximum(np.asarray(z, dtype=float), 0.0)"], "hint": "the derivative is the SLOPE"},
    "ch03_softmax": {"blocks": ["e = np.exp(z)\nreturn e / e.sum(axis=-1, keepdims=True)"], "hint": "1000"},
    "ch03_compose": {"blocks": ["return W1 @ W2, b1 + b2"], "hint": "W = W2 @ W1"},
    # 04 Layers and networks
    "ch04_two_layer_forward": {"blocks": ["return np.maximum(X @ W1.T, 0.0) @ W2.T + b2"], "hint": "b1"},
    "ch04_bump_weights": {"blocks": ["W1 = np.array([[steepness], [steepness]])\n"
                                     "b1 = np.array([steepness * left, steepness * right])\n"
                                     "W2 = np.array([[height, -height]])\n"
                                     "b2 = np.array([0.0])\n"
                                     "return W1, b1, W2, b2"], "hint": "sign"},
    "ch04_xor_W1": {"blocks": ["xor_W1 = np.array([[1.0, 1.0], [1.0, 1.0]])\nxor_b1 = np.array([-0.5, -1.5])\n"
                               "xor_W2 = np.array([[1.0, 1.0]])\nxor_b2 = np.array([-0.5])"], "hint": "XOR"},
    # 05 Loss functions
    "ch05_mse": {"blocks": ["return float(np.sum((pred - target) ** 2))"], "hint": "sum of squared errors"},
    "ch05_bce": {"blocks": ["return float(np.mean(-(y * np.log(p))))"], "hint": "(1 - y) log(1 - p)"},
    "ch05_log_softmax": {"blocks": ["return z - np.log(np.exp(z).sum(axis=1, keepdims=True))"],
                         "hint": "overflows to inf"},
    # 06 Gradient descent and the learning rate
    "ch06_gradient_step": {"blocks": ["return w + lr * grad"], "hint": "sign error"},
    "ch06_max_stable_lr": {"blocks": ["return 1.0 / a"], "hint": "fastest rate"},
    # 07 Momentum, SGD and Adam
    "ch07_momentum_step": {"blocks": ["new_v = v + grad\nreturn w - lr * new_v, new_v"], "hint": "beta is missing"},
    "ch07_adam_step": {"blocks": ["m = beta1 * m + (1 - beta1) * grad\nv = beta2 * v + (1 - beta2) * grad ** 2\n"
                                  "return w - lr * m / (np.sqrt(v) + eps), m, v"], "hint": "bias correction is missing"},
    # 08 Backpropagation
    "ch08_neuron_gradient": {"blocks": ["a = nl.sigmoid(w * x + b)\nd = 2.0 * (a - y)\nreturn float(d * x), float(d)"],
                             "hint": "sigmoid'"},
    "ch08_linear_backward": {"blocks": ["return dY.T @ X, dY.mean(axis=0), dY @ W"], "hint": "SUM"},
    "ch08_numerical_derivative": {"blocks": ["slopes = np.zeros(len(x))\nfor i in range(len(x)):\n"
                                             "    up = x.copy()\n    up[i] += h\n"
                                             "    slopes[i] = (f(up) - f(x)) / h\nreturn slopes"],
                                  "hint": "centred"},
    # 09 Training a network end to end
    "ch09_train_step": {"blocks": ["logits = model(xb)\nbatch_loss = loss_fn(logits, yb)\n"
                                   "model.backward(loss_fn.backward())\noptimizer.step()\nreturn float(batch_loss)"],
                        "hint": "zero_grad"},
    "ch09_accuracy_from_logits": {"blocks": ["return float(np.mean(np.argmax(logits, axis=0) == y))"],
                                  "hint": "axis"},
    "ch09_confusion_matrix": {"blocks": ["cm = np.zeros((n_classes, n_classes), dtype=int)\n"
                                         "for t, p in zip(y_true, y_pred):\n    cm[p, t] += 1\nreturn cm"],
                              "hint": "is transposed"},
    # 10 Weights, biases and generalisation
    "ch10_scaled_init": {"blocks": ["return rng.uniform(-1.0, 1.0, size=(fan_out, fan_in))"], "hint": "1/sqrt"},
    "ch10_best_epoch": {"blocks": ["return int(np.argmin(history[\"val_loss\"]))"], "hint": "one epoch too early"},
    "ch10_split": {"blocks": ["n_val = int(round(val_fraction * len(X)))\n"
                              "return X[n_val:], X[:n_val], y[n_val:], y[:n_val]"], "hint": "Shuffle first"},
    # 11 Convolutional and recurrent neurons
    "ch11_correlate2d": {"blocks": ["k = kernel.shape[0]\nH, W = image.shape\nout = np.zeros((H - k + 1, W - k + 1))\n"
                                    "flipped = kernel[::-1, ::-1]\nfor i in range(H - k + 1):\n"
                                    "    for j in range(W - k + 1):\n"
                                    "        out[i, j] = np.sum(image[i:i + k, j:j + k] * flipped)\nreturn out"],
                         "hint": "flip"},
    "ch11_conv_output_size": {"blocks": ["return (n + 2 * padding - k) / stride + 1"], "hint": "int"},
    "ch11_rnn_unroll": {"blocks": ["return [float(np.tanh(w_ih * x_t + b)) for x_t in x]"], "hint": "w_hh"},
    # 12 Where neurons are used
    "ch12_mlp_params": {"blocks": ["return sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))"],
                        "hint": "bias"},
    "ch12_conv_params": {"blocks": ["return out_channels * in_channels * k * k"], "hint": "bias"},
    "ch12_build_digit_cnn": {"blocks": ["return nl.Sequential(nl.Conv2d(1, 4, 3, rng=0), nl.ReLU(), nl.Flatten(),\n"
                                        "                     nl.Linear(4 * 6 * 6, 32, rng=1), nl.ReLU(),\n"
                                        "                     nl.Linear(32, 10, rng=2))"], "hint": "padding"},
}
