"""`frozen_record`: a frozen dataclass that costs less to define, for the start-up of short commands.

`dataclass(frozen=True)` compiles six functions for each class (__init__, __repr__, __eq__,
__hash__, __setattr__, __delattr__); `judge-app rank` defines some twenty-five such classes before
it reads a row, and that compiling was a third of its start-up. Here dataclasses only collects the
fields (so `fields`, `replace` and `asdict` work); __init__ is compiled once per class as the
generated one is (same signature and defaults, as fast), and __repr__, __eq__, __hash__ and the
frozen guards are shared functions over the class's fields that give what the generated ones give.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
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


def _setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field {name!r}")


class _Factory:
    """The default of a parameter whose field has a default_factory (as dataclasses marks it)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _init(cls, own) -> None:
    """Compile the class's __init__: each field a parameter, in order, with its default."""
    params, body = [], []
    space = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    for f in own:
        if not f.init or f.kw_only:
            raise TypeError(f"{cls.__qualname__}.{f.name}: use @dataclass(frozen=True) for init=False or kw_only fields")
        if f.default is not MISSING:
            space[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
            body.append(f"    _set(self, {f.name!r}, {f.name})")
        elif f.default_factory is not MISSING:
            space[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            body.append(f"    _set(self, {f.name!r}, _f_{f.name}() if {f.name} is _FACTORY else {f.name})")
        else:
            params.append(f.name)
            body.append(f"    _set(self, {f.name!r}, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    exec(f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n", space)
    init = space["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init


def _shown_param(f) -> str:
    if f.default is not MISSING:
        return f"{f.name}: {f.type}={f.default!r}"
    if f.default_factory is not MISSING:
        return f"{f.name}: {f.type}=<factory>"
    return f"{f.name}: {f.type}"


def frozen_record(cls: type) -> type:
    """`@dataclass(frozen=True)` with the same fields, constructor, equality, hash and repr."""
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        if name in cls.__dict__:
            raise TypeError(f"{cls.__qualname__} defines {name}: use @dataclass(frozen=True)")
    documented = bool(cls.__dict__.get("__doc__"))
    if not documented:
        cls.__doc__ = cls.__name__  # dataclasses would otherwise read a signature (inspect) before __init__ exists
    cls = dataclass(init=False, repr=False, eq=False)(cls)
    own = fields(cls)
    _init(cls, own)
    if not documented:  # as dataclasses writes it: the constructor's signature
        cls.__doc__ = f"{cls.__name__}({', '.join(_shown_param(f) for f in own)})"
    cls.__setattr__, cls.__delattr__ = _setattr, _delattr
    cls.__record_shown__ = tuple(f.name for f in own if f.repr)
    cls.__record_compared__ = staticmethod(_key_of(tuple(f.name for f in own if f.compare)))
    cls.__record_hashed__ = staticmethod(_key_of(tuple(
        f.name for f in own if (f.compare if f.hash is None else f.hash))))
    cls.__repr__, cls.__eq__, cls.__hash__ = _repr, _eq, _hash
    return cls
