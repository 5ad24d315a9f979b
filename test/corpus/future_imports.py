"""A module docstring may come before future imports."""
from __future__ import annotations
from __future__ import generator_stop, division as div
import __future__

print(annotations)
print(div.getMandatoryRelease(), div.compiler_flag)
print(__future__.all_feature_names[-1], __future__.nested_scopes)


def f(x: SomeUndefinedName) -> int:
    return x * 2

print(f(21))
