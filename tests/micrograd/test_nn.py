"""The neural-network library: modules, losses and optimizers."""

import random

import pytest
import torch
from sklearn.datasets import make_moons

from micrograd.engine import Value
from micrograd.nn import (
    MLP,
    Layer,
    Neuron,
    cross_entropy,
    hinge_loss,
    l2_penalty,
    logistic_loss,
    squared_error,
)
from micrograd.optim import SGD, Adam


def moons(n_samples=100):
    X, y = make_moons(n_samples=n_samples, noise=0.1, random_state=1)
    return X.tolist(), (y * 2 - 1).tolist()


def svm_loss(model, X, y):
    scores = [model(x) for x in X]
    return hinge_loss(scores, y) + 1e-4 * l2_penalty(model.parameters()), scores


# --- modules -----------------------------------------------------------------


@pytest.mark.parametrize(
    "nin, nouts, count",
    [(3, [4, 4, 1], 41), (2, [16, 16, 1], 337), (1, [1], 2), (4, [8, 8, 3], 139)],
)
def test_parameter_counts(nin, nouts, count):
    assert len(MLP(nin, nouts).parameters()) == count


def test_every_module_is_a_module_with_a_readable_repr():
    random.seed(0)
    assert (
        repr(Neuron(2)) == "ReLUNeuron(2)" and repr(Neuron(2, activation="tanh")) == "TanhNeuron(2)"
    )
    assert repr(Layer(2, 2, nonlin=False)) == "Layer of [LinearNeuron(2), LinearNeuron(2)]"
    assert (
        repr(MLP(2, [2, 1]))
        == "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(2)]]"
    )


def test_weights_are_uniform_in_minus_one_to_one_and_biases_start_at_zero():
    random.seed(1)
    neuron = Neuron(1000)
    assert all(-1 <= w.data <= 1 for w in neuron.w) and neuron.b.data == 0.0
    random.seed(1)
    assert [w.data for w in Neuron(1000).w] == [w.data for w in neuron.w]


def test_a_layer_of_one_neuron_returns_a_value_and_a_wider_layer_a_list():
    assert isinstance(Layer(2, 1)([1.0, 2.0]), Value)
    out = Layer(2, 3)([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 3


def test_a_one_neuron_hidden_layer_works():
    out = MLP(2, [16, 1, 1])([0.5, -0.5])
    assert isinstance(out, Value)


def test_zero_grad_resets_every_parameter():
    model = MLP(2, [4, 1])
    model([1.0, -2.0]).backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 and type(p.grad) is float for p in model.parameters())


@pytest.mark.parametrize(
    "x, message",
    [
        ([1.0, 2.0, 3.0], "expected 2 inputs, got 3"),
        ([1.0], "expected 2 inputs, got 1"),
        (1.0, "expected 2 inputs, got 1"),
    ],
)
def test_input_of_the_wrong_length_is_a_value_error(x, message):
    with pytest.raises(ValueError, match=message):
        MLP(2, [3, 1])(x)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Neuron(0),
        lambda: Neuron(-1),
        lambda: Neuron(2.5),
        lambda: Neuron(2, activation="sigmoid"),
        lambda: Layer(2, 0),
        lambda: MLP(2, []),
        lambda: MLP(0, [1]),
        lambda: MLP(2, [3, 0]),
    ],
)
def test_bad_sizes_and_activations_are_value_errors(make):
    with pytest.raises(ValueError):
        make()


# --- losses --------------------------------------------------------------------


def test_squared_error_and_its_bad_input():
    assert squared_error([Value(1.0), Value(-1.0)], [0.0, 1.0]).data == 5.0
    with pytest.raises(ValueError, match="2 predictions for 1 targets"):
        squared_error([Value(1.0), Value(2.0)], [1.0])


def test_hinge_loss_is_zero_for_confident_correct_scores_and_checks_its_labels():
    assert hinge_loss([Value(2.0), Value(-3.0)], [1, -1]).data == 0.0
    assert hinge_loss([Value(0.5)], [1]).data == 0.5
    for scores, labels in [([Value(1.0)], [0]), ([Value(1.0)], [1, 1]), ([], [])]:
        with pytest.raises(ValueError):
            hinge_loss(scores, labels)


@pytest.mark.parametrize("margin", [-800.0, -3.0, -0.25, 0.0, 0.25, 3.0, 800.0])
def test_logistic_loss_matches_pytorch_on_both_sides_of_zero_without_overflow(margin):
    score = Value(margin)
    loss = logistic_loss([score, Value(-1.0)], [1, -1])
    loss.backward()
    t = torch.tensor([margin, -1.0], dtype=torch.float64, requires_grad=True)
    labels = torch.tensor([1.0, -1.0], dtype=torch.float64)
    expected = torch.nn.functional.softplus(-labels * t).mean()
    expected.backward()
    assert loss.data == pytest.approx(expected.item(), rel=1e-12)
    assert score.grad == pytest.approx(t.grad[0].item(), rel=1e-12, abs=1e-300)


def test_logistic_loss_checks_its_scores_and_labels():
    for scores, labels in [([Value(1.0)], [0]), ([Value(1.0)], [1, 1]), ([], [])]:
        with pytest.raises(ValueError):
            logistic_loss(scores, labels)


def test_cross_entropy_matches_pytorch_and_survives_huge_logits():
    logits = [Value(1.0), Value(-2.0), Value(0.5)]
    loss = cross_entropy(logits, 2)
    loss.backward()
    t = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64, requires_grad=True)
    expected = torch.nn.functional.cross_entropy(t.unsqueeze(0), torch.tensor([2]))
    expected.backward()
    assert loss.data == pytest.approx(expected.item(), rel=1e-12)
    assert [v.grad for v in logits] == pytest.approx(t.grad.tolist(), rel=1e-12, abs=1e-15)
    assert cross_entropy([Value(1000.0), Value(999.0), Value(0.0)], 0).data == pytest.approx(
        0.3132616875182228
    )
    for target in (3, -1, 1.0):
        with pytest.raises(ValueError, match="class index"):
            cross_entropy(logits, target)


# --- training ------------------------------------------------------------------


def test_one_training_step_lowers_the_loss():
    random.seed(1337)
    X, y = moons(20)
    model = MLP(2, [8, 1])
    optimizer = SGD(model.parameters(), lr=0.1)
    before, _ = svm_loss(model, X, y)
    optimizer.zero_grad()
    before.backward()
    optimizer.step()
    after, _ = svm_loss(model, X, y)
    assert after.data < before.data


def torch_copy(model):
    """The same MLP in PyTorch, float64, with micrograd's initial weights."""
    layers = []
    for i, layer in enumerate(model.layers):
        linear = torch.nn.Linear(len(layer.neurons[0].w), len(layer.neurons), dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(
                torch.tensor([[w.data for w in n.w] for n in layer.neurons], dtype=torch.float64)
            )
            linear.bias.copy_(torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64))
        layers += [linear] + ([torch.nn.ReLU()] if i < len(model.layers) - 1 else [])
    return torch.nn.Sequential(*layers)


def test_training_agrees_with_pytorch_step_by_step():
    random.seed(1337)
    X, y = moons(30)
    model = MLP(2, [8, 8, 1])
    net = torch_copy(model)
    Xt, yt = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    for k in range(10):
        loss, _ = svm_loss(model, X, y)
        model.zero_grad()
        loss.backward()
        net.zero_grad()
        scores = net(Xt).squeeze(1)
        expected = torch.relu(1 - yt * scores).mean() + 1e-4 * sum(
            (p * p).sum() for p in net.parameters()
        )
        expected.backward()
        assert loss.data == pytest.approx(expected.item(), rel=1e-9)
        lr = 1.0 - 0.9 * k / 10
        for p in model.parameters():
            p.data -= lr * p.grad
        with torch.no_grad():
            for p in net.parameters():
                p -= lr * p.grad


def test_adam_matches_torch_adam():
    random.seed(7)
    X, y = moons(12)
    model = MLP(2, [4, 1])
    net = torch_copy(model)
    ours = Adam(model.parameters(), lr=0.05)
    theirs = torch.optim.Adam(net.parameters(), lr=0.05)
    Xt, yt = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    for _ in range(20):
        ours.zero_grad()
        squared_error([model(x) for x in X], y).backward()
        ours.step()
        theirs.zero_grad()
        ((net(Xt).squeeze(1) - yt) ** 2).sum().backward()
        theirs.step()
    # torch keeps a layer's weights and biases apart; micrograd goes neuron by neuron
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    ordered = [
        v
        for linear in linears
        for weights, bias in zip(linear.weight, linear.bias)
        for v in weights.tolist() + [bias.item()]
    ]
    assert [p.data for p in model.parameters()] == pytest.approx(ordered, rel=1e-9, abs=1e-12)


def test_optimizers_refuse_a_learning_rate_that_is_not_positive():
    for lr in (0, -0.1):
        with pytest.raises(ValueError, match="learning rate must be positive"):
            SGD([Value(1.0)], lr=lr)
