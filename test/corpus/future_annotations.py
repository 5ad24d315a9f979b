from __future__ import annotations
import typing
x: Undefined[int,  str] = 5
class C:
    a: Foo
    b: "Bar" | None
    c: typing.Tuple[int, ...]
    d: Callable[[int], str]
    e: tuple[()]
print(__annotations__, C.__annotations__, x)
