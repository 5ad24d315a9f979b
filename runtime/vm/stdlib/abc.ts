// The abc module, in Python (compiled with the program that imports it; see
// source-modules.ts): abstractmethod marks a function, and ABC refuses to
// instantiate a class that still has abstract methods, with CPython 3.11's
// message. The VM has no metaclasses: `metaclass=ABCMeta` adds the ABC base
// instead (Classes.applyMetaclass reads ABCMeta._abc_base), which does here
// what ABCMeta does in CPython.
export const ABC_MODULE = String.raw`
def abstractmethod(funcobj):
    funcobj.__isabstractmethod__ = True
    return funcobj


def _is_abstract(value):
    if getattr(value, "__isabstractmethod__", False):
        return True
    if isinstance(value, property):
        return any(getattr(f, "__isabstractmethod__", False) for f in (value.fget, value.fset, value.fdel))
    if isinstance(value, (staticmethod, classmethod)):
        return getattr(value.__func__, "__isabstractmethod__", False)
    return False


def _abstract_names(cls):
    names = []
    seen = set()
    for c in cls.__mro__:
        for name in c.__dict__:
            if name in seen:
                continue
            seen.add(name)
            if _is_abstract(c.__dict__[name]):
                names.append(name)
    return sorted(names)


class ABC:
    __module__ = 'abc'
    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        names = _abstract_names(cls)
        if names:
            raise TypeError("Can't instantiate abstract class " + cls.__name__ + " with abstract method" + ("s " if len(names) > 1 else " ") + ", ".join(names))
        return object.__new__(cls)


class ABCMeta:
    __module__ = 'abc'


ABCMeta._abc_base = ABC
`;
