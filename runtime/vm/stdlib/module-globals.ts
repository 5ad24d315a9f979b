// The hidden module _moduleglobals, in Python: the object globals() returns
// (interpreter/module-globals.ts). The module's globals are global slots, not
// a dict, so this is a dict subclass (isinstance(g, dict) holds) whose own
// dict stays empty: every method goes to the slots through _globalslots,
// live, and what reads the whole mapping (iteration, len, repr, keys(),
// items(), ==) works on a fresh copy. It is named dict, of module builtins,
// so type(g), its repr and the errors about it read as python3's (only
// `type(g) is dict` tells them apart). The compiler compiles it with programs
// that name globals or __globals__ (frontend/compiler.ts importedModules).
export const MODULE_GLOBALS_VIEW = String.raw`
import builtins
import _globalslots

_in_repr = []
_missing = object()


class dict(builtins.dict):
    __module__ = 'builtins'

    def __getitem__(self, key):
        return _globalslots.getitem(key)

    def __setitem__(self, key, value):
        _globalslots.setitem(key, value)

    def __delitem__(self, key):
        _globalslots.delitem(key)

    def __contains__(self, key):
        return _globalslots.contains(key)

    def __len__(self):
        return _globalslots.length()

    def get(self, key, default=None):
        return _globalslots.get(key, default)

    def copy(self):
        return _globalslots.snapshot()

    def __iter__(self):
        return iter(_globalslots.snapshot())

    def __reversed__(self):
        return reversed(_globalslots.snapshot())

    def keys(self):
        return _globalslots.snapshot().keys()

    def values(self):
        return _globalslots.snapshot().values()

    def items(self):
        return _globalslots.snapshot().items()

    def __repr__(self):
        # The view is usually one of its own values (g = globals()): python3 prints {...} there.
        if _in_repr:
            return '{...}'
        _in_repr.append(self)
        try:
            return repr(_globalslots.snapshot())
        finally:
            _in_repr.pop()

    def __eq__(self, other):
        if other is self:
            return True
        if isinstance(other, dict):
            other = other.copy()
        return _globalslots.snapshot() == other

    def __ne__(self, other):
        return not self == other

    __hash__ = None

    def __or__(self, other):
        if not isinstance(other, builtins.dict):
            return NotImplemented
        return _globalslots.snapshot() | other

    def __ror__(self, other):
        if not isinstance(other, builtins.dict):
            return NotImplemented
        return other | _globalslots.snapshot()

    def __ior__(self, other):
        self.update(other)
        return self

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key, default=_missing):
        if key in self:
            value = self[key]
            del self[key]
            return value
        if default is _missing:
            raise KeyError(key)
        return default

    def popitem(self):
        keys = list(_globalslots.snapshot())
        if not keys:
            raise KeyError('popitem(): dictionary is empty')
        key = keys[-1]
        return key, self.pop(key)

    def update(self, *args, **kwargs):
        for key, value in builtins.dict(*args, **kwargs).items():
            self[key] = value

    def clear(self):
        for key in list(_globalslots.snapshot()):
            del self[key]
`;
