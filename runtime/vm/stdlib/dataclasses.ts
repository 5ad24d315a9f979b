// The dataclasses module, in Python (compiled with the program that imports
// it; see source-modules.ts): @dataclass with init/repr/eq/order/frozen/
// unsafe_hash/match_args, field(default, default_factory, init, repr,
// compare, hash), __post_init__, inheritance of fields, fields(), asdict(),
// astuple(), replace(), is_dataclass(), FrozenInstanceError. CPython
// generates __init__ from source text; here one generic __init__ binds the
// arguments with CPython's messages. (InitVar, KW_ONLY and kw_only are not
// supported.)
export const DATACLASSES = String.raw`
class FrozenInstanceError(AttributeError):
    __module__ = 'dataclasses'

class _MissingType:
    __module__ = 'dataclasses'
    def __repr__(self):
        return 'MISSING'

MISSING = _MissingType()

class Field:
    __module__ = 'dataclasses'
    __slots__ = ('name', 'type', 'default', 'default_factory', 'init', 'repr', 'hash', 'compare', 'metadata', 'kw_only')

    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only

    def __repr__(self):
        return ('Field(name=' + repr(self.name) + ',type=' + repr(self.type) + ',default=' + repr(self.default) +
                ',default_factory=' + repr(self.default_factory) + ',init=' + repr(self.init) + ',repr=' + repr(self.repr) +
                ',hash=' + repr(self.hash) + ',compare=' + repr(self.compare) + ',metadata=' + repr(self.metadata) +
                ',kw_only=' + repr(self.kw_only) + ',_field_type=_FIELD)')

def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None, compare=True, metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)

def _plural(n, word):
    return str(n) + ' ' + word + ('' if n == 1 else 's')

def _and_list(names):
    quoted = ["'" + n + "'" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return quoted[0] + ' and ' + quoted[1]
    return ', '.join(quoted[:-1]) + ', and ' + quoted[-1]

def _make_init(cls, flds, frozen, has_post_init):
    params = [f for f in flds if f.init]
    names = [f.name for f in params]
    required = [f.name for f in params if f.default is MISSING and f.default_factory is MISSING]
    others = [f for f in flds if not f.init]
    qual = cls.__qualname__ + '.__init__()'

    def __init__(self, *args, **kwargs):
        if len(args) > len(params):
            least = len(required) + 1
            most = len(params) + 1
            takes = _plural(most, 'positional argument') if least == most else 'from ' + str(least) + ' to ' + _plural(most, 'positional argument')
            raise TypeError(qual + ' takes ' + takes + ' but ' + str(len(args) + 1) + ' were given')
        values = {}
        for i in range(len(args)):
            values[names[i]] = args[i]
        for k in kwargs:
            if k not in names:
                raise TypeError(qual + " got an unexpected keyword argument '" + k + "'")
            if k in values:
                raise TypeError(qual + " got multiple values for argument '" + k + "'")
            values[k] = kwargs[k]
        missing = [n for n in required if n not in values]
        if missing:
            raise TypeError(qual + ' missing ' + _plural(len(missing), 'required positional argument') + ': ' + _and_list(missing))
        for f in params:
            if f.name in values:
                v = values[f.name]
            elif f.default_factory is not MISSING:
                v = f.default_factory()
            else:
                v = f.default
            if frozen:
                object.__setattr__(self, f.name, v)
            else:
                setattr(self, f.name, v)
        for f in others:
            if f.default_factory is not MISSING:
                v = f.default_factory()
            elif f.default is not MISSING:
                v = f.default
            else:
                continue
            if frozen:
                object.__setattr__(self, f.name, v)
            else:
                setattr(self, f.name, v)
        if has_post_init:
            self.__post_init__()
    __init__.__qualname__ = cls.__qualname__ + '.__init__'
    return __init__

def _make_repr(flds):
    shown = [f.name for f in flds if f.repr]
    active = set()
    def __repr__(self):
        key = id(self)
        if key in active:
            return '...'
        active.add(key)
        try:
            return self.__class__.__qualname__ + '(' + ', '.join([n + '=' + repr(getattr(self, n)) for n in shown]) + ')'
        finally:
            active.discard(key)
    return __repr__

def _values(self, names):
    return tuple([getattr(self, n) for n in names])

def _make_compare(op, names):
    def compare(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        a = _values(self, names)
        b = _values(other, names)
        if op == 0:
            return a == b
        if op == 1:
            return a < b
        if op == 2:
            return a <= b
        if op == 3:
            return a > b
        return a >= b
    return compare

def _make_hash(names):
    def __hash__(self):
        return hash(_values(self, names))
    return __hash__

def _frozen_setattr(self, name, value):
    if type(self) in _frozen_classes or name in self.__class__.__dataclass_fields__:
        raise FrozenInstanceError("cannot assign to field '" + name + "'")
    object.__setattr__(self, name, value)

def _frozen_delattr(self, name):
    if type(self) in _frozen_classes or name in self.__class__.__dataclass_fields__:
        raise FrozenInstanceError("cannot delete field '" + name + "'")
    object.__delattr__(self, name)

_frozen_classes = set()

def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args):
    all_fields = {}
    for b in cls.__mro__[-1:0:-1]:
        base_fields = getattr(b, '__dataclass_fields__', None)
        if base_fields is not None:
            for f in base_fields.values():
                all_fields[f.name] = f
    annotations = cls.__dict__.get('__annotations__', {})
    for name, tp in annotations.items():
        default = cls.__dict__.get(name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            f = field(default=default)
        f.name = name
        f.type = tp
        if f.default is not MISSING and isinstance(f.default, (list, dict, set)):
            raise ValueError('mutable default ' + str(type(f.default)) + ' for field ' + name + ' is not allowed: use default_factory')
        if isinstance(default, Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        all_fields[name] = f
    flds = list(all_fields.values())
    seen_default = False
    for f in flds:
        if f.init:
            if f.default is MISSING and f.default_factory is MISSING:
                if seen_default:
                    raise TypeError("non-default argument '" + f.name + "' follows default argument")
            else:
                seen_default = True
    cls.__dataclass_fields__ = all_fields
    cls.__dataclass_params__ = (init, repr, eq, order, unsafe_hash, frozen)
    if init:
        cls.__init__ = _make_init(cls, flds, frozen, hasattr(cls, '__post_init__'))
    if repr:
        cls.__repr__ = _make_repr(flds)
    compared = [f.name for f in flds if f.compare]
    if eq:
        cls.__eq__ = _make_compare(0, compared)
    if order:
        if not eq:
            raise ValueError('eq must be true if order is true')
        for i, name in ((1, '__lt__'), (2, '__le__'), (3, '__gt__'), (4, '__ge__')):
            if name in cls.__dict__:
                raise TypeError('Cannot overwrite attribute ' + name + ' in class ' + cls.__name__ + '. Consider using functools.total_ordering')
            setattr(cls, name, _make_compare(i, compared))
    if frozen:
        _frozen_classes.add(cls)
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
    hashed = [f.name for f in flds if (f.compare if f.hash is None else f.hash)]
    has_own_hash = '__hash__' in cls.__dict__ and cls.__dict__['__hash__'] is not None
    if unsafe_hash:
        if has_own_hash:
            raise TypeError('Cannot overwrite attribute __hash__ in class ' + cls.__name__)
        cls.__hash__ = _make_hash(hashed)
    elif eq and frozen:
        if not has_own_hash:
            cls.__hash__ = _make_hash(hashed)
    elif eq:
        if not has_own_hash:
            cls.__hash__ = None
    if match_args and '__match_args__' not in cls.__dict__:
        cls.__match_args__ = tuple([f.name for f in flds if f.init])
    return cls

def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False, match_args=True,
              kw_only=False, slots=False, weakref_slot=False):
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args)
    if cls is None:
        return wrap
    return wrap(cls)

def fields(class_or_instance):
    try:
        flds = class_or_instance.__dataclass_fields__
    except AttributeError:
        raise TypeError('must be called with a dataclass type or instance') from None
    return tuple([f for f in flds.values()])

def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, '__dataclass_fields__')

def _is_dataclass_instance(obj):
    return hasattr(type(obj), '__dataclass_fields__')

def _asdict_inner(obj, dict_factory):
    if _is_dataclass_instance(obj):
        return dict_factory([(f.name, _asdict_inner(getattr(obj, f.name), dict_factory)) for f in fields(obj)])
    if isinstance(obj, tuple) and hasattr(obj, '_fields'):
        return type(obj)(*[_asdict_inner(v, dict_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_asdict_inner(v, dict_factory) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_asdict_inner(k, dict_factory), _asdict_inner(v, dict_factory)) for k, v in obj.items())
    import copy
    return copy.deepcopy(obj)

def asdict(obj, *, dict_factory=dict):
    if not _is_dataclass_instance(obj):
        raise TypeError('asdict() should be called on dataclass instances')
    return _asdict_inner(obj, dict_factory)

def _astuple_inner(obj, tuple_factory):
    if _is_dataclass_instance(obj):
        return tuple_factory([_astuple_inner(getattr(obj, f.name), tuple_factory) for f in fields(obj)])
    if isinstance(obj, tuple) and hasattr(obj, '_fields'):
        return type(obj)(*[_astuple_inner(v, tuple_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_astuple_inner(v, tuple_factory) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_astuple_inner(k, tuple_factory), _astuple_inner(v, tuple_factory)) for k, v in obj.items())
    import copy
    return copy.deepcopy(obj)

def astuple(obj, *, tuple_factory=tuple):
    if not _is_dataclass_instance(obj):
        raise TypeError('astuple() should be called on dataclass instances')
    return _astuple_inner(obj, tuple_factory)

def replace(obj, /, **changes):
    if not _is_dataclass_instance(obj):
        raise TypeError('replace() should be called on dataclass instances')
    for f in fields(obj):
        if not f.init:
            if f.name in changes:
                raise ValueError('field ' + f.name + ' is declared with init=False, it cannot be specified with replace()')
            continue
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)
`;
