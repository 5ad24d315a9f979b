// The array module, in Python (compiled with the program that imports it; see
// source-modules.ts): array.array over a list, each stored item converted as
// CPython's typecode would store it (ints range-checked with CPython's
// messages, floats to double, 'f' items rounded to float32 by _array.float32).
export const ARRAY = String.raw`
from _array import float32 as _float32

typecodes = 'bBuhHiIlLqQfd'

_ITEMSIZE = {'b': 1, 'B': 1, 'u': 4, 'h': 2, 'H': 2, 'i': 4, 'I': 4, 'l': 8, 'L': 8, 'q': 8, 'Q': 8, 'f': 4, 'd': 8}
_LONG_MIN = -9223372036854775808
_LONG_MAX = 9223372036854775807

def _range(v, lo, hi, what):
    if v < lo:
        raise OverflowError(what + " is less than minimum")
    if v > hi:
        raise OverflowError(what + " is greater than maximum")

def _as_int(v):
    if isinstance(v, int):
        return int(v)
    try:
        return v.__index__()
    except AttributeError:
        raise TypeError("'" + type(v).__name__ + "' object cannot be interpreted as an integer") from None

def _convert(typecode, v):
    if typecode == 'd' or typecode == 'f':
        if isinstance(v, float):
            x = v
        elif isinstance(v, int):
            x = float(v)
        else:
            try:
                x = v.__float__()
            except AttributeError:
                raise TypeError("must be real number, not " + type(v).__name__) from None
        return _float32(x) if typecode == 'f' else x
    if typecode == 'u':
        if not isinstance(v, str) or len(v) != 1:
            raise TypeError("array item must be unicode character")
        return v
    v = _as_int(v)
    if typecode in 'bBhHil':
        if v < _LONG_MIN or v > _LONG_MAX:
            raise OverflowError("Python int too large to convert to C long")
        if typecode == 'b':
            _range(v, -32768, 32767, "signed short integer")
            _range(v, -128, 127, "signed char")
        elif typecode == 'B':
            _range(v, 0, 255, "unsigned byte integer")
        elif typecode == 'h':
            _range(v, -32768, 32767, "signed short integer")
        elif typecode == 'H':
            _range(v, -2147483648, 2147483647, "signed integer")
            _range(v, 0, 65535, "unsigned short")
        elif typecode == 'i':
            _range(v, -2147483648, 2147483647, "signed integer")
    elif typecode == 'I' or typecode == 'L':
        if v < 0:
            raise OverflowError("can't convert negative value to unsigned int")
        if v > 18446744073709551615:
            raise OverflowError("Python int too large to convert to C unsigned long")
        if typecode == 'I' and v > 4294967295:
            raise OverflowError("unsigned int is greater than maximum")
    elif typecode == 'q':
        if v < _LONG_MIN or v > _LONG_MAX:
            raise OverflowError("int too big to convert")
    else:
        if v < 0:
            raise OverflowError("can't convert negative int to unsigned")
        if v > 18446744073709551615:
            raise OverflowError("int too big to convert")
    return v

class array:
    __module__ = 'array'

    def __init__(self, typecode, initializer=None):
        if not isinstance(typecode, str) or len(typecode) != 1:
            raise TypeError("array() argument 1 must be a unicode character, not " + type(typecode).__name__)
        if typecode not in _ITEMSIZE:
            raise ValueError("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")
        self._typecode = typecode
        self._a = []
        if initializer is None:
            return
        if isinstance(initializer, str) and typecode != 'u':
            raise TypeError("cannot use a str to initialize an array with typecode '" + typecode + "'")
        if isinstance(initializer, array):
            if initializer._typecode != typecode and (typecode == 'u' or initializer._typecode == 'u'):
                raise TypeError("cannot use a unicode array to initialize an array with typecode '" + typecode + "'")
            self._a = [_convert(typecode, v) for v in initializer._a]
            return
        self._a = [_convert(typecode, v) for v in initializer]

    @property
    def typecode(self):
        return self._typecode

    @property
    def itemsize(self):
        return _ITEMSIZE[self._typecode]

    def _new(self, items):
        r = array(self._typecode)
        r._a = items
        return r

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        return iter(self._a)

    def __reversed__(self):
        return reversed(self._a)

    def __contains__(self, v):
        return v in self._a

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self._new(self._a[i])
        if not isinstance(i, int):
            raise TypeError("array indices must be integers")
        try:
            return self._a[i]
        except IndexError:
            raise IndexError("array index out of range") from None

    def __setitem__(self, i, v):
        if isinstance(i, slice):
            if not isinstance(v, array):
                raise TypeError('can only assign array (not "' + type(v).__name__ + '") to array slice')
            if v._typecode != self._typecode:
                raise TypeError("bad argument type for built-in operation")
            self._a[i] = v._a
            return
        if not isinstance(i, int):
            raise TypeError("array indices must be integers")
        v = _convert(self._typecode, v)
        try:
            self._a[i] = v
        except IndexError:
            raise IndexError("array assignment index out of range") from None

    def __delitem__(self, i):
        if not isinstance(i, (int, slice)):
            raise TypeError("array indices must be integers")
        try:
            del self._a[i]
        except IndexError:
            raise IndexError("array assignment index out of range") from None

    def append(self, v):
        self._a.append(_convert(self._typecode, v))

    def extend(self, iterable):
        if isinstance(iterable, array):
            if iterable._typecode != self._typecode:
                raise TypeError("can only extend with array of same kind")
            self._a.extend(iterable._a)
            return
        for v in iterable:
            self._a.append(_convert(self._typecode, v))

    def fromlist(self, items):
        if not isinstance(items, list):
            raise TypeError("arg must be list")
        converted = [_convert(self._typecode, v) for v in items]
        self._a.extend(converted)

    def tolist(self):
        return list(self._a)

    def insert(self, i, v):
        self._a.insert(i, _convert(self._typecode, v))

    def pop(self, i=-1):
        if not self._a:
            raise IndexError("pop from empty array")
        try:
            return self._a.pop(i)
        except IndexError:
            raise IndexError("pop index out of range") from None

    def remove(self, v):
        try:
            self._a.remove(v)
        except ValueError:
            raise ValueError("array.remove(x): x not in array") from None

    def index(self, v, start=0, stop=9223372036854775807):
        n = len(self._a)
        if start < 0:
            start = max(start + n, 0)
        if stop < 0:
            stop = max(stop + n, 0)
        for i in range(start, min(stop, n)):
            if self._a[i] == v:
                return i
        raise ValueError("array.index(x): x not in array")

    def count(self, v):
        return self._a.count(v)

    def reverse(self):
        self._a.reverse()

    def buffer_info(self):
        return (id(self), len(self._a))

    def __add__(self, other):
        if not isinstance(other, array):
            raise TypeError('can only append array (not "' + type(other).__name__ + '") to array')
        if other._typecode != self._typecode:
            raise TypeError("bad argument type for built-in operation")
        return self._new(self._a + other._a)

    def __iadd__(self, other):
        if not isinstance(other, array):
            raise TypeError('can only extend array with array (not "' + type(other).__name__ + '")')
        self.extend(other)
        return self

    def __mul__(self, n):
        return self._new(self._a * n)

    __rmul__ = __mul__

    def __imul__(self, n):
        self._a *= n
        return self

    def _other(self, other):
        return other._a if isinstance(other, array) else NotImplemented

    def __eq__(self, other):
        o = self._other(other)
        return o if o is NotImplemented else self._a == o

    def __ne__(self, other):
        o = self._other(other)
        return o if o is NotImplemented else self._a != o

    def __lt__(self, other):
        o = self._other(other)
        return o if o is NotImplemented else self._a < o

    def __le__(self, other):
        o = self._other(other)
        return o if o is NotImplemented else self._a <= o

    def __gt__(self, other):
        o = self._other(other)
        return o if o is NotImplemented else self._a > o

    def __ge__(self, other):
        o = self._other(other)
        return o if o is NotImplemented else self._a >= o

    __hash__ = None

    def __copy__(self):
        return self._new(list(self._a))

    def __repr__(self):
        if not self._a:
            return "array('" + self._typecode + "')"
        if self._typecode == 'u':
            return "array('u', " + repr("".join(self._a)) + ")"
        return "array('" + self._typecode + "', " + repr(self._a) + ")"

ArrayType = array
`;
