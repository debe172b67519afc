"""`frozen_record`: a frozen dataclass that costs less to define, for the start-up of short commands.

`dataclass(frozen=True)` compiles six functions for each class (__init__, __repr__, __eq__,
__hash__, __setattr__, __delattr__); `judge-app rank` defines some twenty-five such classes before
it reads a row, and that compiling was a third of its start-up. Here dataclasses still writes
__init__ and the frozen guards (signatures, defaults and construction speed unchanged), while
__repr__, __eq__ and __hash__ are shared functions over the class's fields that give what the
generated ones give.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter


def _key_of(names: tuple[str, ...]):
    """A function giving the tuple of those attributes (as the generated methods compare)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return lambda obj: ()


def _repr(self) -> str:
    cls = self.__class__
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in cls.__record_shown__)
    return f"{cls.__qualname__}({shown})"


def _eq(self, other):
    if other.__class__ is self.__class__:
        return self.__record_compared__(self) == self.__record_compared__(other)
    return NotImplemented


def _hash(self) -> int:
    return hash(self.__record_hashed__(self))


def frozen_record(cls: type) -> type:
    """`@dataclass(frozen=True)` with the same fields, equality, hash and repr."""
    for name in ("__repr__", "__eq__", "__hash__"):
        if name in cls.__dict__:
            raise TypeError(f"{cls.__qualname__} defines {name}: use @dataclass(frozen=True)")
    cls = dataclass(frozen=True, repr=False, eq=False)(cls)
    own = fields(cls)
    cls.__record_shown__ = tuple(f.name for f in own if f.repr)
    cls.__record_compared__ = staticmethod(_key_of(tuple(f.name for f in own if f.compare)))
    cls.__record_hashed__ = staticmethod(_key_of(tuple(
        f.name for f in own if (f.compare if f.hash is None else f.hash))))
    cls.__repr__, cls.__eq__, cls.__hash__ = _repr, _eq, _hash
    return cls
