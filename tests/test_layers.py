"""Layer numbering as in the book (W[1]..W[L], h[0]..h[L]) and the checked parameter lists."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core.layers import Layers

X = np.array([[0.05, 0.10], [0.5, -0.3], [-1.0, 2.0]])
T = np.array([[0.01, 0.99], [0.2, 0.7], [0.9, 0.1]])


def net232(**kw):
    return bc.MLP([2, 3, 2], activations=["sigmoid", "sigmoid"], seed=0, **kw)


# ---- Layers ---------------------------------------------------------------------------------
def test_layers_are_numbered_from_first():
    lay = Layers(["a", "b", "c"], first=1, name="W")
    assert (lay[1], lay[2], lay[3]) == ("a", "b", "c")
    assert lay[np.int64(2)] == "b"
    assert lay.first == 1 and lay.last == 3 and len(lay) == 3
    assert list(lay) == ["a", "b", "c"] and list(reversed(lay)) == ["c", "b", "a"]
    assert list(lay.items()) == [(1, "a"), (2, "b"), (3, "c")]
    assert lay.numbers() == range(1, 4)
    assert lay.to_list() == ["a", "b", "c"] and lay.to_list() is not lay._values
    h = Layers(("x", "h1"), first=0, name="h")  # a tuple is copied into a list
    assert h[0] == "x" and h.last == 1 and list(h.numbers()) == [0, 1]
    h[1] = "y"
    assert h.to_list() == ["x", "y"]
    assert Layers([1]).name == "layers" and Layers([1]).first == 1


@pytest.mark.parametrize("bad", [0, 4, -1, -3])
def test_a_layer_that_does_not_exist_names_the_range(bad):
    lay = Layers(["a", "b", "c"], first=1, name="W")
    message = rf"^W\[{bad}\] does not exist: layers are numbered 1..3 as in the book$"
    with pytest.raises(IndexError, match=message):
        lay[bad]
    with pytest.raises(IndexError, match=message):
        lay[bad] = "z"
    assert lay.to_list() == ["a", "b", "c"]


@pytest.mark.parametrize("bad", ["1", 1.0, True, None])
def test_layers_are_indexed_by_integers_only(bad):
    lay = Layers(["a", "b"], first=1, name="delta")
    with pytest.raises(TypeError, match=rf"^delta is indexed by a layer number, got {bad!r}$"):
        lay[bad]


def test_assigning_a_layer_of_a_plain_layers_replaces_it():
    values = ["a", "b"]
    lay = Layers(values, first=1, name="a")
    lay[2] = "B"
    assert values == ["a", "B"] and lay[2] == "B"  # a view of the list it was built on


def test_repr_shows_numbers_and_shapes():
    net = net232()
    assert repr(net.W) == "W{1: array(2, 3), 2: array(3, 2)}"
    assert repr(net.b) == "b{1: array(3,), 2: array(2,)}"
    assert repr(net.f) == "f{1: Activation('sigmoid'), 2: Activation('sigmoid')}"
    assert repr(Layers([1, 2], first=0, name="n")) == "n{0: 1, 1: 2}"


def test_the_network_numbers_everything_as_the_book():
    net = net232()
    assert net.L == 2
    assert net.W[1].shape == (2, 3) and net.W[2].shape == (3, 2)
    assert net.b[1].shape == (3,) and net.f[2] is bc.ACTIVATIONS["sigmoid"]
    assert net.W[1] is net.weights[0] and net.b[2] is net.biases[1]
    for family, name in [(net.W, "W"), (net.b, "b"), (net.f, "f")]:
        with pytest.raises(
            IndexError, match=rf"^{name}\[0\] does not exist: layers are numbered 1..2 as in the"
        ):
            family[0]
    trace = net.trace(X)
    with pytest.raises(IndexError, match=r"^h\[3\] does not exist: layers are numbered 0..2"):
        trace.h[3]
    with pytest.raises(IndexError, match=r"^a\[0\] does not exist: layers are numbered 1..2"):
        trace.a[0]
    bp = net.backprop(X, T)
    for family, name in [(bp.delta, "delta"), (bp.dW, "dW"), (bp.db, "db")]:
        with pytest.raises(IndexError, match=rf"^{name}\[-1\] does not exist: layers are "
                                             r"numbered 1..2 as in the book$"):
            family[-1]


# ---- the checked parameter lists --------------------------------------------------------------
def test_weights_i_and_W_i_plus_1_are_the_same_array():
    net = net232()
    A = np.full((3, 2), 0.25)
    net.weights[1] = A
    assert net.W[2] is net.weights[1]
    np.testing.assert_array_equal(net.W[2], A)
    assert net.weights[1] is not A  # a checked copy: later edits to A are not the net's
    B = np.full((2, 3), -0.5)
    net.W[1] = B
    assert net.weights[0] is net.W[1] and net.weights[0] is not B
    np.testing.assert_array_equal(net.weights[0], B)
    c = np.array([1.0, 2.0])
    net.b[2] = c
    assert net.biases[1] is net.b[2]
    np.testing.assert_array_equal(net.biases[1], c)
    net.biases[0] = [0.1, 0.2, 0.3]
    np.testing.assert_array_equal(net.b[1], [0.1, 0.2, 0.3])


def test_in_place_edits_are_seen_by_the_network():
    net = net232()
    y0 = net.forward(X)
    net.W[1][0, 0] += 1.0
    y1 = net.forward(X)
    assert not np.array_equal(y0, y1)
    net.weights[0][0, 0] -= 1.0
    np.testing.assert_array_equal(net.forward(X), y0)
    W2 = net.W[2]
    net.W[2] -= 0.5  # in place, then assigned back: still the same array
    assert net.W[2] is W2
    net.weights[1] += 0.5
    assert net.weights[1] is W2
    net.biases[1][...] = [3.0, -3.0]
    h = bc.sigmoid(X @ net.W[1] + net.b[1])
    np.testing.assert_allclose(net.forward(X), bc.sigmoid(h @ net.W[2] + [3.0, -3.0]),
                               rtol=4e-16, atol=0)


def test_assignment_converts_to_the_networks_dtype_and_c_order():
    net = net232(dtype=np.float32)
    net.W[2] = np.arange(6.0).reshape(2, 3).T  # a Fortran-ordered view
    W = net.W[2]
    assert W.dtype == np.float32 and W.flags.c_contiguous and W.shape == (3, 2)
    np.testing.assert_array_equal(W, [[0, 3], [1, 4], [2, 5]])
    net.weights[0] = [[1, 2, 3], [4, 5, 6]]  # ints and lists
    assert net.weights[0].dtype == np.float32
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)


@pytest.mark.parametrize(
    ("assign", "error", "message"),
    [
        (lambda n: n.W.__setitem__(2, np.zeros((2, 3))), ValueError,
         r"^W\[2\] must have shape \(3, 2\), got \(2, 3\) \(W\^\(2\), layer 2\)$"),
        (lambda n: n.weights.__setitem__(1, np.zeros((2, 3))), ValueError,
         r"^weights\[1\] must have shape \(3, 2\), got \(2, 3\) \(W\^\(2\), layer 2\)$"),
        (lambda n: n.weights.__setitem__(-1, np.zeros(6)), ValueError,
         r"^weights\[1\] must have shape \(3, 2\), got \(6,\) \(W\^\(2\), layer 2\)$"),
        (lambda n: n.b.__setitem__(1, np.array([0.5])), ValueError,
         r"^b\[1\] must have shape \(3,\), got \(1,\) \(b\^\(1\), layer 1\)$"),
        (lambda n: n.biases.__setitem__(0, np.array([0.5])), ValueError,
         r"^biases\[0\] must have shape \(3,\), got \(1,\) \(b\^\(1\), layer 1\)$"),
        (lambda n: n.W.__setitem__(1, np.full((2, 3), np.nan)), ValueError,
         r"^W\[1\] contains non-finite values \(6 NaN, 0 inf; first at index \(0, 0\)\)$"),
        (lambda n: n.biases.__setitem__(1, [0.0, np.inf]), ValueError,
         r"^biases\[1\] contains non-finite values \(0 NaN, 1 inf; first at index \(1,\)\)$"),
        (lambda n: n.W.__setitem__(1, np.full((2, 3), "a")), TypeError,
         r"^W\[1\] must hold real numbers \(float or int\), got dtype <U1$"),
        (lambda n: n.W.__setitem__(0, np.zeros((2, 3))), IndexError,
         r"^W\[0\] does not exist: layers are numbered 1..2 as in the book$"),
        (lambda n: n.W.__setitem__(3, np.zeros((2, 3))), IndexError,
         r"^W\[3\] does not exist: layers are numbered 1..2 as in the book$"),
        (lambda n: n.weights.__setitem__(slice(0, 1), [np.zeros((2, 3))]), TypeError,
         r"^assign W one layer at a time \(an integer index\)$"),
        (lambda n: n.weights.__setitem__(True, np.zeros((3, 2))), TypeError,
         r"^assign W one layer at a time"),
        (lambda n: n.biases.__setitem__("0", np.zeros(3)), TypeError,
         r"^assign b one layer at a time"),
    ],
)
def test_a_bad_layer_assignment_is_refused_where_it_happens(assign, error, message):
    net = net232()
    before = [p.copy() for p in net.weights + net.biases]
    with pytest.raises(error, match=message):
        assign(net)
    for p, p0 in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, p0)


def test_integer_indices_of_every_kind_assign():
    net = net232()
    net.weights[np.int64(1)] = np.ones((3, 2))
    net.weights[-2] = np.ones((2, 3))
    net.W[np.int32(2)] = np.full((3, 2), 2.0)
    assert np.all(net.weights[0] == 1) and np.all(net.weights[1] == 2)
    with pytest.raises(IndexError):
        net.weights[2] = np.ones((3, 2))


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.append(np.zeros(2)), lambda p: p.extend([np.zeros(2)]),
        lambda p: p.insert(0, np.zeros(2)), lambda p: p.pop(), lambda p: p.remove(p[0]),
        lambda p: p.clear(), lambda p: p.__delitem__(0), lambda p: p.__iadd__([np.zeros(2)]),
        lambda p: p.__imul__(2),
    ],
)
def test_the_parameter_lists_cannot_grow_or_shrink(change):
    net = net232()
    for params in (net.weights, net.biases):
        with pytest.raises(
            TypeError, match=r"^the network has 2 layers: its parameters cannot grow or shrink$"
        ):
            change(params)
        assert len(params) == 2


@pytest.mark.parametrize("change", [lambda p: p.reverse(), lambda p: p.sort(key=id)])
def test_the_parameter_lists_cannot_be_reordered(change):
    net = bc.MLP([2, 2, 2], seed=0)  # equal shapes: a reordering would even pass a shape check
    before = list(net.weights)
    for params, symbol in ((net.weights, "W"), (net.biases, "b")):
        with pytest.raises(
            TypeError,
            match=rf"^the network's layers have a fixed order: assign {symbol} one layer at a "
            r"time$",
        ):
            change(params)
    assert all(p is q for p, q in zip(net.weights, before))


def test_whole_lists_are_checked_and_named_by_list_index():
    net = net232()
    net.weights = [np.ones((2, 3)), np.full((3, 2), 0.5)]
    net.biases = (np.zeros(3), [1, 2])  # any sequence
    np.testing.assert_array_equal(net.b[2], [1.0, 2.0])
    assert net.b[2].dtype == np.float64
    with pytest.raises(ValueError, match=r"^weights\[1\] must have shape \(3, 2\), got \(2, 3\)"):
        net.weights = [np.zeros((2, 3)), np.zeros((2, 3))]
    with pytest.raises(ValueError, match=r"^biases needs 2 arrays \(one per layer\), got 1$"):
        net.biases = [np.zeros(3)]
    with pytest.raises(ValueError, match=r"^weights needs 2 arrays \(one per layer\), got 3$"):
        net.weights = [np.zeros((2, 3))] * 3
    with pytest.raises(ValueError, match=r"^weights\[0\] contains non-finite"):
        net.weights = [np.full((2, 3), np.nan), np.zeros((3, 2))]
    with pytest.raises(TypeError, match=r"^biases\[0\] must hold real numbers"):
        net.biases = [np.array(["a", "b", "c"]), np.zeros(2)]
    # refused assignments leave the old parameters
    np.testing.assert_array_equal(net.W[1], np.ones((2, 3)))


def test_copy_is_independent_and_keeps_everything():
    net = bc.MLP([2, 3, 2], ["relu", "softmax"], seed=4, dtype=np.float32, loss="cross_entropy",
                 init="xavier")
    net.b[1] = [0.1, 0.2, 0.3]
    net.loss_history.append(1.5)
    other = net.copy()
    assert other.sizes == net.sizes and other.activations == net.activations
    assert other.loss_fn == net.loss_fn and other.dtype == net.dtype and other.init == "xavier"
    assert other.loss_history == [1.5] and other.loss_history is not net.loss_history
    for p, q in zip(net.weights + net.biases, other.weights + other.biases):
        np.testing.assert_array_equal(p, q)
        assert not np.shares_memory(p, q)
    other.W[1][0, 0] += 1
    other.b[1][0] += 1
    assert net.W[1][0, 0] != other.W[1][0, 0] and net.b[1][0] == np.float32(0.1)


def test_contract_shapes_and_repr():
    net = net232()
    assert net.sizes == [2, 3, 2] and net.n_params == 6 + 6 + 3 + 2
    assert bc.MLP([3, 1]).n_params == 4
    assert repr(net) == "MLP(2-3-2, activations=['sigmoid', 'sigmoid'], dtype=float64)"
    ce = bc.MLP([2, 2], "softmax", loss="cross_entropy", dtype=np.float32)
    assert repr(ce) == "MLP(2-2, activations=['softmax'], loss='cross_entropy', dtype=float32)"
    assert all(np.all(b == 0) for b in bc.MLP([2, 3, 2]).biases)
