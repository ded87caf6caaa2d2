"""``DocumentOrder``: which of two elements comes first, as the page reads."""

from __future__ import annotations

import itertools

import pytest

from watcher.extract._tree import DocumentOrder, parse


@pytest.mark.parametrize("siblings", [3, 60], ids=["few siblings", "many siblings (places counted once)"])
def test_before_agrees_with_the_order_of_the_document(siblings: int) -> None:
    items = "".join(f"<li id='i{i}'><p id='p{i}'>x</p></li>" for i in range(siblings))
    doc = parse(
        f"<html><body><div id='head'><h1 id='h'>T</h1></div><ol id='list'>{items}</ol><p id='end'>e</p></body></html>"
    )
    elements = [el for el in doc.iter() if el.get("id")]
    position = {el: i for i, el in enumerate(doc.iter())}
    order = DocumentOrder()
    for a, b in itertools.product(elements, repeat=2):
        holds = a is b or any(x is a for x in b.iterancestors()) or any(x is b for x in a.iterancestors())
        assert order.before(a, b) == (not holds and position[a] < position[b]), (a.get("id"), b.get("id"))
