// Small standard modules, in Python (compiled with the program that imports
// them; see source-modules.ts): string's constants and capwords, copy (copy
// and deepcopy of containers and instances, __copy__/__deepcopy__ honoured),
// and typing as far as programs with annotations need it at run time (the
// names exist and subscript; nothing is checked, as in CPython).
export const STRING = String.raw`
whitespace = ' \t\n\r\v\f'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_` + '`' + String.raw`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace

def capwords(s, sep=None):
    return (sep or ' ').join([x.capitalize() for x in s.split(sep)])
`;

export const COPY = String.raw`
import _copy

class Error(Exception):
    __module__ = 'copy'

error = Error

_ATOMIC = (type(None), int, float, bool, str, type, range, type(len), type(lambda: 0))

def copy(x):
    cls = type(x)
    if cls in _ATOMIC:
        return x
    copier = getattr(cls, '__copy__', None)
    if copier is not None:
        return copier(x)
    if cls is list:
        return x[:]
    if cls is dict:
        return dict(x)
    if cls is set:
        return set(x)
    if cls is tuple or cls is frozenset:
        return x
    if isinstance(x, BaseException):
        new = cls.__new__(cls)
        new.args = x.args
    elif isinstance(x, (list, dict, set, tuple)):
        new = cls(x) if not isinstance(x, tuple) else tuple.__new__(cls, x)
    else:
        new = cls.__new__(cls)
    slots = getattr(cls, '__slots__', None)
    if slots is not None and not isinstance(x, tuple):
        for name in ([slots] if isinstance(slots, str) else slots):
            if hasattr(x, name):
                setattr(new, name, getattr(x, name))
    state = _copy.instance_state(x)
    if state is not None:
        for k, v in state.items():
            setattr(new, k, v)
    return new

def deepcopy(x, memo=None):
    if memo is None:
        memo = {}
    d = id(x)
    if d in memo:
        return memo[d]
    cls = type(x)
    if cls in _ATOMIC:
        return x
    copier = getattr(cls, '__deepcopy__', None)
    if copier is not None:
        y = copier(x, memo)
    elif cls is list:
        y = []
        memo[d] = y
        for a in x:
            y.append(deepcopy(a, memo))
    elif cls is tuple:
        y = tuple([deepcopy(a, memo) for a in x])
        if d in memo:
            return memo[d]
        if all(a is b for a, b in zip(x, y)):
            y = x
    elif cls is dict:
        y = {}
        memo[d] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls is set:
        y = set(deepcopy(a, memo) for a in x)
    elif cls is frozenset:
        y = frozenset(deepcopy(a, memo) for a in x)
    else:
        if isinstance(x, tuple):
            y = tuple.__new__(cls, [deepcopy(a, memo) for a in x])
        else:
            y = cls.__new__(cls)
        memo[d] = y
        if isinstance(x, BaseException):
            y.args = deepcopy(x.args, memo)
        if isinstance(x, list):
            for a in x:
                y.append(deepcopy(a, memo))
        elif isinstance(x, dict):
            for k, v in x.items():
                y[deepcopy(k, memo)] = deepcopy(v, memo)
        elif isinstance(x, set):
            for a in x:
                y.add(deepcopy(a, memo))
        slots = getattr(cls, '__slots__', None)
        if slots is not None and not isinstance(x, tuple):
            for name in ([slots] if isinstance(slots, str) else slots):
                if hasattr(x, name):
                    setattr(y, name, deepcopy(getattr(x, name), memo))
        state = _copy.instance_state(x)
        if state is not None:
            for k, v in state.items():
                setattr(y, k, deepcopy(v, memo))
    memo[d] = y
    return y
`;

export const TYPING = String.raw`
TYPE_CHECKING = False

class _Special:
    __module__ = 'typing'

    def __init__(self, name):
        self._name = name

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        return _Special(self._name + "[" + ", ".join([_type_repr(p) for p in params]) + "]")

    def __call__(self, *args, **kwargs):
        raise TypeError("Cannot instantiate typing." + self._name)

    def __repr__(self):
        return "typing." + self._name

    def __or__(self, other):
        return self

    def __ror__(self, other):
        return self

Any = _Special('Any')
Callable = _Special('Callable')
ClassVar = _Special('ClassVar')
Dict = _Special('Dict')
DefaultDict = _Special('DefaultDict')
Deque = _Special('Deque')
Final = _Special('Final')
FrozenSet = _Special('FrozenSet')
Generator = _Special('Generator')
Hashable = _Special('Hashable')
Iterable = _Special('Iterable')
Iterator = _Special('Iterator')
List = _Special('List')
Literal = _Special('Literal')
Mapping = _Special('Mapping')
MutableMapping = _Special('MutableMapping')
MutableSequence = _Special('MutableSequence')
MutableSet = _Special('MutableSet')
NoReturn = _Special('NoReturn')
Optional = _Special('Optional')
Reversible = _Special('Reversible')
Sequence = _Special('Sequence')
Set = _Special('Set')
Sized = _Special('Sized')
Tuple = _Special('Tuple')
Type = _Special('Type')
Union = _Special('Union')
Counter = _Special('Counter')
Collection = _Special('Collection')
Container = _Special('Container')
Text = str
AnyStr = _Special('AnyStr')

def _type_repr(obj):
    if isinstance(obj, type):
        if obj.__module__ == 'builtins':
            return obj.__qualname__
        return obj.__module__ + "." + obj.__qualname__
    if obj is ...:
        return "..."
    return repr(obj)

class TypeVar:
    __module__ = 'typing'

    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name

    def __repr__(self):
        return "~" + self.__name__

class Generic:
    __module__ = 'typing'

    def __class_getitem__(cls, params):
        return cls

class Protocol(Generic):
    __module__ = 'typing'

def cast(typ, val):
    return val

def overload(func):
    return func

def final(f):
    return f

def no_type_check(arg):
    return arg

def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    return new_type

def get_type_hints(obj):
    return {}
`;
