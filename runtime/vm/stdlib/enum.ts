// The enum module, in Python. This VM has no metaclasses, so Enum does at
// class creation (__init_subclass__) what EnumType does in CPython: the class
// body's plain values become members (instances of the class with _name_ and
// _value_; aliases for repeated values), and the class-level protocol comes
// from the __meta_iter__/__meta_len__/__meta_contains__ classmethods the VM
// calls for iter(C), len(C) and x in C (operations.ts classHook), and
// __class_getitem__ for C['NAME']. C(value) is Enum.__new__'s lookup.
// Enum, IntEnum, StrEnum, auto, unique; Flag/IntFlag, the functional API
// (Enum('Color', 'RED GREEN')) is not supported. repr(C) is __meta_repr__'s.
export const ENUM = String.raw`
class _AutoValue:
    pass

_AUTO = _AutoValue()

class auto:
    __module__ = 'enum'

    def __init__(self, value=_AUTO):
        self.value = value

    def __repr__(self):
        return 'auto(%r)' % (self.value,)


def _is_descriptor(obj):
    if isinstance(obj, (property, classmethod, staticmethod)) or type(obj).__name__ in ('function', 'builtin_function_or_method'):
        return True
    return hasattr(obj, '__get__') or hasattr(obj, '__set__') or hasattr(obj, '__delete__')

def _is_dunder(name):
    return len(name) > 4 and name[:2] == name[-2:] == '__' and name[2] != '_' and name[-3] != '_'

def _is_sunder(name):
    return len(name) > 2 and name[0] == name[-1] == '_' and name[1] != '_' and name[-2] != '_'


def _lookup(cls, value):
    if type(value) is cls:
        return value
    members = cls.__dict__.get('_value2member_map_')
    if members is None:
        raise TypeError(cls.__name__ + ': the functional API (Enum(name, members)) is not supported by this VM')
    try:
        return members[value]
    except (KeyError, TypeError):
        pass
    for m in cls._member_map_.values():
        if m._value_ == value:
            return m
    missing = cls._missing_(value)
    if isinstance(missing, cls):
        return missing
    if missing is not None:
        raise TypeError('error in ' + cls.__name__ + '._missing_: returned ' + repr(missing) + ' instead of None or a valid member')
    raise ValueError(repr(value) + ' is not a valid ' + cls.__qualname__)


class Enum:
    __module__ = 'enum'
    _enum_base_ = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if '_enum_base_' in cls.__dict__:
            return
        for base in cls.__mro__[1:]:
            if base.__dict__.get('_member_names_'):
                raise TypeError(cls.__name__ + ': cannot extend ' + repr(base.__name__))
        member_type = object
        for base in cls.__mro__[1:]:
            if base in (int, str, float):
                member_type = base
                break
        names = []
        member_map = {}
        value_map = {}
        last_values = []
        body = [(k, v) for k, v in cls.__dict__.items()]
        cls._member_names_ = names
        cls._member_map_ = member_map
        cls.__members__ = member_map
        cls._value2member_map_ = value_map
        cls._member_type_ = member_type
        init = None
        for base in cls.__mro__:
            if '__init__' in base.__dict__:
                if '_enum_base_' not in base.__dict__ and base not in (object, int, str, float):
                    init = base.__dict__['__init__']
                break
        for name, value in body:
            if _is_dunder(name) or _is_sunder(name) or name.startswith('_' + cls.__name__ + '__'):
                continue
            if _is_descriptor(value) or isinstance(value, type):
                continue
            if isinstance(value, auto):
                if value.value is _AUTO:
                    value.value = cls._generate_next_value_(name, 1, len(names), last_values[:])
                value = value.value
            elif isinstance(value, tuple) and any(isinstance(v, auto) for v in value):
                value = tuple(cls._generate_next_value_(name, 1, len(names), last_values[:]) if isinstance(v, auto) and v.value is _AUTO else (v.value if isinstance(v, auto) else v) for v in value)
            args = value if isinstance(value, tuple) else (value,)
            if member_type is object:
                member = object.__new__(cls)
            elif member_type is tuple:
                member = member_type.__new__(cls, args)
            else:
                member = member_type.__new__(cls, *args)
            if init is None and member_type is object:
                member._value_ = value
            elif init is None:
                member._value_ = member_type(*args)
            else:
                member._value_ = value
            member._name_ = name
            member.__objclass__ = cls
            if init is not None:
                init(member, *args)
            last_values.append(value)
            canonical = None
            for m in member_map.values():
                if m._value_ == member._value_:
                    canonical = m
                    break
            if canonical is None:
                names.append(name)
                canonical = member
            member_map[name] = canonical
            try:
                value_map.setdefault(member._value_, canonical)
            except TypeError:
                pass
            setattr(cls, name, canonical)

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        if not last_values:
            return start
        for v in reversed(last_values):
            try:
                return v + 1
            except TypeError:
                pass
        return start

    @classmethod
    def _missing_(cls, value):
        return None

    def __new__(cls, value):
        return _lookup(cls, value)

    def __init__(self, *args, **kwds):
        pass

    @classmethod
    def __meta_iter__(cls):
        return iter([cls._member_map_[name] for name in cls.__dict__.get('_member_names_', ())])

    @classmethod
    def __meta_len__(cls):
        return len(cls.__dict__.get('_member_names_', ()))

    @classmethod
    def __meta_contains__(cls, member):
        if not isinstance(member, Enum):
            raise TypeError("unsupported operand type(s) for 'in': '" + type(member).__qualname__ + "' and 'EnumType'")
        return isinstance(member, cls) and member._name_ in cls._member_map_

    @classmethod
    def __meta_repr__(cls):
        return "<enum '" + cls.__name__ + "'>"

    @classmethod
    def __class_getitem__(cls, name):
        return cls._member_map_[name]

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        t = self._member_type_
        v = self._value_
        return '<%s.%s: %s>' % (type(self).__name__, self._name_, t.__repr__(v) if t is not object else repr(v))

    def __str__(self):
        return '%s.%s' % (type(self).__name__, self._name_)

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, proto):
        return (type(self), (self._value_,))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __dir__(self):
        return ['__class__', '__doc__', '__eq__', '__hash__', '__module__', 'name', 'value']


class ReprEnum(Enum):
    __module__ = 'enum'
    _enum_base_ = True


class IntEnum(int, ReprEnum):
    __module__ = 'enum'
    _enum_base_ = True

    def __new__(cls, value):
        return _lookup(cls, value)

    def __str__(self):
        return int.__repr__(self)

    def __format__(self, spec):
        return int.__format__(self, spec)


class StrEnum(str, ReprEnum):
    __module__ = 'enum'
    _enum_base_ = True

    def __new__(cls, value):
        return _lookup(cls, value)

    def __str__(self):
        return self._value_

    def __format__(self, spec):
        return format(self._value_, spec)

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()


def unique(enumeration):
    duplicates = []
    for name, member in enumeration._member_map_.items():
        if name != member._name_:
            duplicates.append((name, member._name_))
    if duplicates:
        alias_details = ', '.join(['%s -> %s' % (alias, name) for (alias, name) in duplicates])
        raise ValueError("duplicate values found in <enum '%s'>: %s" % (enumeration.__name__, alias_details))
    return enumeration
`;
