"""The backward-pass stepper (micrograd.viz.Stepper): its frames, its HTML, and the
figure itself, stepped through in Chromium.

check_stepper(page, stepper) is the browser check: it steps a figure already on
a Playwright page (here a page written to tmp_path; it works the same on a built
chapter page, given the Python-side stepper and the figure's id there) and
compares what it shows with the frames recorded in Python.

Chromium is a system program; without it the browser test skips, except under
CI=true, where a missing browser fails the run.
"""

import re

import pytest

from micrograd.engine import Value
from micrograd.viz import Stepper, _short

SVG_NAMESPACES = (
    'xmlns="http://www.w3.org/2000/svg"',
    'xmlns:xlink="http://www.w3.org/1999/xlink"',
)


def walked_by_hand():
    """Chapter 3's L = (a*b + c) * f, walked backwards by hand, one snap per step."""
    a, b, c, f = (
        Value(2.0, label="a"),
        Value(-3.0, label="b"),
        Value(10.0, label="c"),
        Value(-2.0, label="f"),
    )
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    stepper = Stepper(L)
    stepper.snap(None, "Every grad starts at 0.0")
    steps = [
        (L, lambda: 1.0),
        (d, lambda: f.data * L.grad),
        (f, lambda: d.data * L.grad),
        (c, lambda: d.grad),
        (e, lambda: d.grad),
        (a, lambda: e.grad * b.data),
        (b, lambda: e.grad * a.data),
    ]
    for v, grad in steps:
        v.grad = grad()
        stepper.snap(v, f"{v.label}.grad = {v.grad}")
    return stepper, [L, d, f, c, e, a, b]


def neuron_stepper():
    """A second, different figure for the same page: tanh(x*w + bias), top to bottom."""
    x, w, bias = Value(2.0, label="x"), Value(-0.5, label="w"), Value(0.25, label="bias")
    o = (x * w + bias).tanh()
    o.label = "o"
    stepper = Stepper(o, rankdir="TB")
    o.grad = 1.0
    stepper.snap(o, "o.grad = 1.0")
    return stepper


# --- Python side --------------------------------------------------------------------


def test_each_frame_holds_every_grad_as_it_was_when_snapped():
    stepper, order = walked_by_hand()
    assert len(stepper.frames) == 8
    node, caption, grads = stepper.frames[0]
    assert node is None and caption == "Every grad starts at 0.0" and grads == [0.0] * 7
    expected = {v: 0.0 for v in stepper.values}
    for (node, caption, grads), v in zip(stepper.frames[1:], order):
        expected[v] = v.grad
        assert stepper.values[node] is v
        assert caption == f"{v.label}.grad = {v.grad}"
        assert grads == [expected[u] for u in stepper.values]
    assert stepper.frames[-1][2] == [u.grad for u in stepper.values]


def test_snap_refuses_a_value_from_another_graph():
    stepper, _ = walked_by_hand()
    with pytest.raises(ValueError, match="not in the graph"):
        stepper.snap(Value(1.0), "a stranger")


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


def test_numbers_show_four_significant_digits():
    assert [_short(x) for x in (2.0, -8.0, 0.5, 0.4999999999999999, 6.881373587, -1.5, 0.0)] == [
        "2.0",
        "-8.0",
        "0.5",
        "0.5",
        "6.881",
        "-1.5",
        "0.0",
    ]


# --- In Chromium ----------------------------------------------------------------------

# What the nth figure with this id shows: its caption, every Value's grad text (the
# last row of its box, without the no-break spaces that centre it), the highlighted
# boxes (by Value index) and the slider's position.
FIGURE_STATE = """([id, nth]) => {
  const figure = document.querySelectorAll('#' + id)[nth];
  const boxes = Array.from(figure.querySelectorAll('g.node')).filter(g => /_v\\d+$/.test(g.id));
  boxes.sort((p, q) => Number(p.id.split('_v').pop()) - Number(q.id.split('_v').pop()));
  return {
    caption: figure.querySelector('#' + id + '_caption').textContent,
    grads: boxes.map(g => Array.from(g.querySelectorAll('text')).pop().textContent
      .replace(/\u00a0/g, '')),
    highlighted: boxes.map((g, i) => g.classList.contains('mg-on') ? i : null)
      .filter(i => i !== null),
    slider: figure.querySelector('#' + id + '_slider').value,
  };
}"""


def expected(stepper, k: int) -> dict:
    """What frame k of `stepper` must show."""
    node, caption, grads = stepper.frames[k]
    return {
        "caption": caption,
        "grads": ["grad " + _short(g) for g in grads],
        "highlighted": [] if node is None else [node],
        "slider": str(k),
    }


def check_stepper(page, stepper, figure_id=None, nth=0):
    """Step the figure of `stepper` on `page` with every control and check that each
    frame shows exactly the caption, highlight and grads recorded in Python.
    figure_id defaults to stepper.html_id (give it for a figure drawn by another
    process); nth picks one of several copies of the same figure on the page."""
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
    control("next").click()
    shows(last, "after Next on the last frame")
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


def test_steppers_step_in_chromium_from_disk(browser, tmp_path):
    walk, _ = walked_by_hand()
    neuron = neuron_stepper()
    late = neuron_stepper()  # added later, as JupyterLab adds an output
    page_file = tmp_path / "steppers.html"
    page_file.write_text(
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>Steppers</title></head>"
        f"<body><main><h1>Steppers</h1>{walk._repr_html_()}{neuron._repr_html_()}"
        f"{walk._repr_html_()}</main></body></html>",
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1400, "height": 900})
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
    try:
        page.goto(page_file.as_uri())
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
