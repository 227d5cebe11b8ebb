"""tools/chapter_start.py: a chapter starts with what the earlier chapters exported."""

import chapter_start
from smallbook import VALUE, make_book


def test_replay_runs_only_earlier_chapters(tmp_path):
    root = make_book(
        tmp_path,
        [VALUE],
        [
            "#| export: micrograd/engine.py\n@add_to(Value)\n"
            "def triple(self):\n    return 3 * self.data\n"
        ],
    )
    namespace = {}
    chapter_start.replay(2, namespace, root=root)
    assert namespace["Value"](1).double() == 2 and not hasattr(namespace["Value"], "triple")
    chapter_start.replay(3, namespace, root=root)
    assert namespace["Value"](1).triple() == 3
    assert namespace["Value"].triple.__qualname__ == "Value.triple"
