"""`frozen_record` behaves as `dataclass(frozen=True)`: repr, equality, hash, fields, replace, frozen."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError, dataclass, field

import pytest
from hypothesis import given, strategies as st

from judge_app.domain.contest import Entry
from judge_app.domain.records import frozen_record


def _pair():
    made = []
    for decorate in (dataclass(frozen=True), frozen_record):
        ns = {"__annotations__": {"x": "int", "y": "str", "z": "dict", "w": "tuple"},
              "y": "a", "z": field(default_factory=dict, compare=False), "w": field(default=(), repr=False)}
        made.append(decorate(type("Rec", (), ns)))
    return made


Generated, Record = _pair()
values = st.tuples(st.integers(), st.text(max_size=5), st.dictionaries(st.integers(), st.integers(), max_size=2),
                   st.tuples(st.integers()))


@given(values, values)
def test_same_repr_equality_and_hash_as_a_frozen_dataclass(a, b):
    ga, gb, ra, rb = Generated(*a), Generated(*b), Record(*a), Record(*b)
    assert repr(ra) == repr(ga)
    assert (ra == rb) == (ga == gb)
    assert hash(ra) == hash(ga)
    assert ra != ga  # another class: never equal, as dataclasses do
    assert (ra == Record(a[0], a[1], {"other": 1}, a[3]))  # compare=False is left out


def test_frozen_fields_and_replace():
    r = Record(1)
    with pytest.raises(FrozenInstanceError):
        r.x = 2
    with pytest.raises(FrozenInstanceError):
        del r.y
    assert [f.name for f in dataclasses.fields(r)] == ["x", "y", "z", "w"]
    assert dataclasses.replace(r, y="b") == Record(1, "b")
    assert dataclasses.asdict(r) == {"x": 1, "y": "a", "z": {}, "w": ()}
    with pytest.raises(TypeError):
        Record()
    import copy
    import pickle

    e = Entry("A01", "作品", members=("甲",))
    assert pickle.loads(pickle.dumps(e)) == e == copy.deepcopy(e)


def test_domain_records_keep_their_behaviour():
    e = Entry("A01", "作品", attachments=("a.png",))
    assert e == Entry("A01", "作品") and hash(e) == hash(Entry("A01", "作品"))
    assert repr(e).startswith("Entry(code='A01', title='作品'")
    assert {e: 1}[Entry("A01", "作品")] == 1


def test_a_record_without_a_docstring_shows_its_constructor():
    from judge_app.domain.contest import AwardTier

    assert AwardTier.__doc__.startswith("An award")
    assert Record.__doc__ == "Rec(x: int, y: str='a', z: dict=<factory>, w: tuple=())"


def test_a_class_with_its_own_equality_is_refused():
    with pytest.raises(TypeError):
        @frozen_record
        class Own:
            x: int

            def __eq__(self, other):  # pragma: no cover
                return True
