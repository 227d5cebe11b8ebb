"""micrograd.viz: the drawings and the backward-pass stepper (its frames, its HTML,
and the figure itself, stepped through in Chromium).

check_stepper(page, stepper) is the browser check: it steps a figure already on
a Playwright page (here a page written to tmp_path; it works the same on a built
chapter page, given the Python-side stepper and the figure's id there) and
compares what it shows with the frames recorded in Python.

Chromium is a system program; without it the browser tests skip, except under
CI=true, where a missing browser fails the run.
"""

import ast
import math
import re
from pathlib import Path

import micrograd.viz
from micrograd.engine import Value, topological_order
from micrograd.viz import _asset, _short, draw_backward, draw_dot

ROOT = Path(__file__).resolve().parents[2]
SVG_NAMESPACES = (
    'xmlns="http://www.w3.org/2000/svg"',
    'xmlns:xlink="http://www.w3.org/1999/xlink"',
)


class HandValue:
    """Chapter 3's Value, duck-typed: children and operation, but no _local yet."""

    def __init__(self, data, children=(), op="", label=""):
        self.data, self.grad, self._prev, self._op, self.label = data, 0.0, children, op, label

    def __add__(self, other):
        return HandValue(self.data + other.data, (self, other), "+")

    def __mul__(self, other):
        return HandValue(self.data * other.data, (self, other), "*")

    def tanh(self):
        return HandValue(math.tanh(self.data), (self,), "tanh")


def build_L(cls=Value):
    """Chapters 2-4's L = (a*b + c)*f, with a label on every value."""
    a, b, c = cls(2.0, label="a"), cls(-3.0, label="b"), cls(10.0, label="c")
    f = cls(-2.0, label="f")
    e = a * b
    d = e + c
    L = d * f
    e.label, d.label, L.label = "e", "d", "L"
    return a, b, c, f, e, d, L


def build_g():
    a, b = Value(-2.0, label="a"), Value(3.0, label="b")
    p, q = a * b, a + b
    p.label, q.label = "p", "q"
    g = p * q
    g.label = "g"
    return a, b, p, q, g


def walked_by_hand():
    """Chapter 3's walk: the grads filled in by hand, then replayed by draw_backward."""
    a, b, c, f, e, d, L = values = build_L(HandValue)
    L.grad = 1.0
    d.grad, f.grad = f.data * L.grad, d.data * L.grad
    c.grad = e.grad = d.grad
    a.grad, b.grad = e.grad * b.data, e.grad * a.data
    return draw_backward(L), values


def neuron_stepper():
    """A second, different figure for the same page: tanh(x*w + bias), top to bottom."""
    x, w, bias = Value(2.0, label="x"), Value(-0.5, label="w"), Value(0.25, label="bias")
    o = (x * w + bias).tanh()
    o.label = "o"
    return draw_backward(o, rankdir="TB")


# --- Python side --------------------------------------------------------------------


def test_viz_reads_values_duck_typed_and_never_imports_value():
    """Chapters 2-4 draw their own Value, however far it is built: viz may use the
    engine's functions over _prev, never its Value class."""
    tree = ast.parse(Path(micrograd.viz.__file__).read_text())
    imported = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("micrograd")
        for alias in node.names
    }
    assert imported == {("micrograd.engine", "topological_order")}, imported


def test_a_chapter_2_value_is_drawn_and_stepped_without_the_engine():
    class Bare:  # the fields chapter 2's Value has, and nothing else
        def __init__(self, data, children=(), op="", label=""):
            self.data, self.grad, self._prev, self._op = data, 0.0, tuple(children), op
            self.label = label

    a, b = Bare(2.0, label="a"), Bare(-3.0, label="b")
    c = Bare(a.data * b.data, (a, b), "*", "c")
    assert draw_dot(c).source.count("->") == 3  # two children into the oval, the oval out
    stepper = draw_backward(c)
    assert (a.grad, b.grad, c.grad) == (-3.0, 2.0, 1.0) and len(stepper.frames) == 2 + 2


def test_replaying_a_hand_walk_leaves_the_hand_grads():
    stepper, values = walked_by_hand()
    assert [v.grad for v in values] == [6.0, -4.0, -2.0, 4.0, -2.0, -2.0, 1.0]
    # a frame before the pass, one for the output, one per edge
    assert len(stepper.frames) == 2 + 6
    assert stepper.frames[-1][3] == [v.grad for v in stepper.values]


def test_draw_backward_steps_through_backward_in_its_order_and_leaves_the_same_grads():
    drawn, plain = build_g(), build_g()
    stepper = draw_backward(drawn[-1])
    plain[-1].backward()
    assert [v.grad for v in drawn] == [v.grad for v in plain] == [-3.0, -8.0, 1.0, -6.0, 1.0]
    edges = sum(len(v._prev) for v in topological_order(drawn[-1]))
    assert len(stepper.frames) == 2 + edges
    captions = [caption for _, _, caption, _ in stepper.frames]
    assert captions[:4] == [
        "Every grad starts at 0.0",
        "g.grad = 1.0: the output starts the pass",
        "g pushes to p: p.grad += 1.0 × 1.0 = 1.0",
        "g pushes to q: q.grad += -6.0 × 1.0 = -6.0",
    ]
    assert "p pushes to a: a.grad += 3.0 × 1.0: -6.0 + 3.0 = -3.0" in captions


def test_each_frame_highlights_the_pusher_and_the_receiver_named_in_its_caption():
    stepper = draw_backward(build_g()[-1])
    names = [v.label for v in stepper.values]
    assert stepper.frames[0][:2] == (None, None)
    assert stepper.frames[1][:2] == (None, 0)  # the output
    for pusher, receiver, caption, _ in stepper.frames[2:]:
        assert caption.startswith(f"{names[pusher]} pushes to {names[receiver]}: ")
        assert stepper.values[receiver] in stepper.values[pusher]._prev


def test_draw_backward_starts_from_grads_of_zero():
    a, b, c, f, e, d, L = build_L()
    L.backward()
    L.backward()  # grads now doubled
    draw_backward(L)
    assert [v.grad for v in (a, b, c, f, e, d, L)] == [6.0, -4.0, -2.0, 4.0, -2.0, -2.0, 1.0]


def test_repr_is_short_and_deterministic():
    stepper, _ = walked_by_hand()
    assert repr(stepper) == "Stepper: 8 steps over 7 values"


def test_html_is_deterministic_and_ids_differ_between_figures():
    first, _ = walked_by_hand()
    second, _ = walked_by_hand()
    assert first._repr_html_() == first._repr_html_()
    assert first.html_id != second.html_id
    # Apart from the figure's id, two steppers of the same walk give the same HTML.
    assert first._repr_html_().replace(first.html_id, "ID") == second._repr_html_().replace(
        second.html_id, "ID"
    )
    assert not re.search(r"0x[0-9a-f]{6,}", first._repr_html_())  # no memory addresses


def test_html_has_no_remote_url():
    page = walked_by_hand()[0]._repr_html_() + neuron_stepper()._repr_html_()
    for namespace in SVG_NAMESPACES:  # the SVG namespace names are names, never fetched
        page = page.replace(namespace, "")
    assert "http" not in page.lower()
    assert not re.search(r"//[\w.-]", page), "a protocol-relative URL"
    assert not re.search(r"\b(src|href)\s*=|url\(|@import", page), "a reference to another resource"


def test_the_stepper_files_are_package_files_without_their_generated_line():
    for name in ("stepper.html", "stepper.css", "stepper.js"):
        text = (ROOT / "micrograd" / name).read_text()
        assert "Generated by tools/tangle.py" in text.splitlines()[0]
        assert _asset(name) == text.split("\n", 1)[1]
    assert "<script>" not in Path(micrograd.viz.__file__).read_text()  # no HTML strings in Python


def test_numbers_show_four_significant_digits_and_a_point():
    assert [_short(x) for x in (2.0, -8.0, 0.5, 0.4999999999999999, 6.881373587, -1.5, 0.0)] == [
        "2.0",
        "-8.0",
        "0.5",
        "0.5",
        "6.881",
        "-1.5",
        "0.0",
    ]


def test_the_still_drawing_and_the_stepper_share_one_layout_and_one_number_format():
    *_, L = build_L()
    still = draw_dot(L).pipe(format="svg", encoding="utf-8")
    stepped = draw_backward(build_L()[-1])._repr_html_()

    def texts(svg):
        return re.findall(r"<text[^>]*>([^<]*)</text>", svg)

    assert "data 2.0" in texts(still) and "data 2.0" in texts(stepped)
    # The same boxes and ovals, in the same order; only the grads differ.
    assert [t for t in texts(still) if not t.startswith("grad")] == [
        t for t in texts(stepped) if not t.startswith("grad")
    ]


def test_draw_dot_can_label_each_arrow_with_its_local_derivative():
    source = draw_dot(build_g()[-1], local=True).source
    for label in (" 3.0 ", " -2.0 ", " 1.0 ", " -6.0 "):
        assert f'label="{label}"' in source, label


# --- In Chromium ----------------------------------------------------------------------

# What the nth figure with this id shows: its caption, every Value's grad text (the
# last row of its box, without the no-break spaces that centre it), the highlighted
# boxes (by Value index), the slider's position and which buttons are disabled.
FIGURE_STATE = """([id, nth]) => {
  const figure = document.querySelectorAll('#' + id)[nth];
  const boxes = Array.from(figure.querySelectorAll('g.node')).filter(g => /_v\\d+$/.test(g.id));
  boxes.sort((p, q) => Number(p.id.split('_v').pop()) - Number(q.id.split('_v').pop()));
  const marked = name => boxes.map((g, i) => g.classList.contains(name) ? i : null)
    .filter(i => i !== null);
  return {
    caption: figure.querySelector('#' + id + '_caption').textContent,
    grads: boxes.map(g => Array.from(g.querySelectorAll('text')).pop().textContent
      .replace(/\u00a0/g, '')),
    pusher: marked('mg-from'),
    receiver: marked('mg-to'),
    slider: figure.querySelector('#' + id + '_slider').value,
    disabled: ['prev', 'next'].filter(b => figure.querySelector('#' + id + '_' + b).disabled),
  };
}"""


def expected(stepper, k: int) -> dict:
    """What frame k of `stepper` must show."""
    pusher, receiver, caption, grads = stepper.frames[k]
    last = len(stepper.frames) - 1
    return {
        "caption": caption,
        "grads": ["grad " + _short(g) for g in grads],
        "pusher": [] if pusher is None else [pusher],
        "receiver": [] if receiver is None else [receiver],
        "slider": str(k),
        "disabled": (["prev"] if k == 0 else []) + (["next"] if k == last else []),
    }


def check_stepper(page, stepper, figure_id=None, nth=0):
    """Step the figure of `stepper` on `page` with every control and check that each
    frame shows exactly the caption, highlights and grads recorded in Python, with
    Prev and Next disabled at the ends. figure_id defaults to stepper.html_id (give
    it for a figure drawn by another process); nth picks one of several copies."""
    figure_id = figure_id or stepper.html_id
    figure, last = page.locator("#" + figure_id).nth(nth), len(stepper.frames) - 1

    def control(name):
        return figure.locator(f"#{figure_id}_{name}")

    def shows(k, after):
        state = page.evaluate(FIGURE_STATE, [figure_id, nth])
        assert state == expected(stepper, k), (
            f"{figure_id} ({nth}), {after}: shows {state}, not frame {k}"
        )

    control("slider").fill("0")  # in case an earlier check left it elsewhere
    shows(0, "at the start")
    for k in range(1, last + 1):
        control("next").click()
        shows(k, "after Next")
    control("prev").click()
    shows(max(last - 1, 0), "after Prev")

    control("slider").fill("0")
    shows(0, "after the slider to the start")
    control("slider").fill(str(last))
    shows(last, "after the slider to the end")

    control("slider").fill("0")
    control("scroller").focus()  # the graph: the arrow keys step while the figure has focus
    for k in range(1, last + 1):
        page.keyboard.press("ArrowRight")
        shows(k, "after ArrowRight")
    page.keyboard.press("ArrowLeft")
    shows(max(last - 1, 0), "after ArrowLeft")

    control("slider").fill(str(max(last - 1, 0)))  # Play runs to the end, as Pause meanwhile
    control("play").click()
    if last > 0:
        assert control("play").text_content() == "Pause"
    figure.locator(f"#{figure_id}_play:text-is('Play')").wait_for(timeout=5000)
    shows(last, "after Play")

    for name in ("Prev", "Next", "Play"):
        assert figure.get_by_role("button", name=name, exact=True).count() == 1, (
            f"no button named {name}"
        )
    assert figure.get_by_role("slider", name="Step").count() == 1, "no slider labelled Step"


# How JupyterLab shows a trusted HTML output: innerHTML into a node that is not yet
# on the page, each script replaced by a fresh copy (innerHTML's scripts never
# run), then the node attached.
INSERT_AS_JUPYTERLAB_DOES = """html => {
  const host = document.createElement('div');
  host.innerHTML = html;
  for (const script of Array.from(host.getElementsByTagName('script'))) {
    const copy = document.createElement('script');
    copy.textContent = script.textContent;
    script.parentNode.replaceChild(copy, script);
  }
  document.querySelector('main').appendChild(host);
}"""


def page_of(tmp_path, *steppers, theme="light"):
    page_file = tmp_path / f"steppers_{theme}.html"
    page_file.write_text(
        f"<!doctype html>\n<html lang='en' data-theme='{theme}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Steppers</title></head>"
        f"<body><main><h1>Steppers</h1>{''.join(s._repr_html_() for s in steppers)}"
        "</main></body></html>",
        encoding="utf-8",
    )
    return page_file.as_uri()


def open_page(browser, url, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    errors, requests = [], []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else (requests.append(route.request.url), route.abort())[1]
        ),
    )
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.goto(url)
    return context, page, errors, requests


def test_steppers_step_in_chromium_from_disk(browser, tmp_path):
    walk, _ = walked_by_hand()
    neuron = neuron_stepper()
    late = neuron_stepper()  # added later, as JupyterLab adds an output
    context, page, errors, requests = open_page(
        browser, page_of(tmp_path, walk, neuron, walk), 1400
    )
    try:
        page.evaluate(INSERT_AS_JUPYTERLAB_DOES, late._repr_html_())
        check_stepper(page, walk)
        check_stepper(page, neuron)
        check_stepper(page, walk, nth=1)  # the same figure shown twice: both copies work
        check_stepper(page, late)
        page.locator(f"#{walk.html_id}_slider").first.fill("2")
        assert page.evaluate(FIGURE_STATE, [walk.html_id, 1]) == expected(
            walk, last := len(walk.frames) - 1
        ), "moving one copy moved the other"
        assert last > 2

        smallest = page.evaluate("""() => Math.min(
            ...Array.from(document.querySelectorAll('svg text'))
                .map(t => t.getBoundingClientRect().height).filter(h => h > 0))""")
        assert smallest * 0.8 >= 11, (
            f"graph text shows at {smallest * 0.8:.1f} px"
        )  # as figure_text.py measures

        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
        serious = [
            f"{v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")
        ]
        assert not serious, serious
        assert not errors, errors
        assert not requests, requests
    finally:
        context.close()


def test_on_a_phone_the_controls_fit_a_finger_and_the_graph_scrolls_with_a_cue(browser, tmp_path):
    walk, _ = walked_by_hand()
    context, page, errors, _ = open_page(browser, page_of(tmp_path, walk), 390)
    try:
        figure = page.locator("#" + walk.html_id)
        for name in ("prev", "next", "play"):
            box = figure.locator(f"#{walk.html_id}_{name}").bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (name, box)
        scroller = figure.locator(f"#{walk.html_id}_scroller")
        assert scroller.evaluate("s => s.scrollWidth > s.clientWidth"), "the graph fits a phone?"
        assert figure.locator(f"#{walk.html_id}_hint").is_visible(), "no line says it scrolls"
        # The output (box 0) is in view at the start; more of the graph is to the left.
        assert "mg-more-left" in figure.get_attribute("class")
        output, view = (
            figure.locator(f"#{walk.html_id}_v0").bounding_box(),
            scroller.bounding_box(),
        )
        assert (
            view["x"] <= output["x"]
            and output["x"] + output["width"] <= view["x"] + view["width"] + 1
        )
        assert scroller.evaluate("s => s.getBoundingClientRect().width") <= 390
        assert not errors, errors
    finally:
        context.close()


def test_in_dark_mode_the_graph_dims_like_the_other_figures(browser, tmp_path):
    walk, _ = walked_by_hand()
    filters = {}
    for theme in ("light", "dark"):
        context, page, _, _ = open_page(browser, page_of(tmp_path, walk, theme=theme), 1400)
        try:
            filters[theme] = page.locator(f"#{walk.html_id}_scroller").evaluate(
                "s => getComputedStyle(s).filter"
            )
        finally:
            context.close()
    assert filters["light"] == "none"
    assert filters["dark"] == "brightness(0.8) contrast(1.2)"
