// The hidden module _mappingproxy, in Python: the read-only view a class's
// __dict__ is (python3's mappingproxy). It reads the class's own dict, live,
// so later class attributes show in it; it has no way to write it (a class
// attribute set behind the class's back would leave tier-1's caches and the
// traces keyed by the class's version stale). The compiler compiles it with
// programs (and standard modules) that name __dict__ or vars
// (frontend/compiler.ts importedModules); interpreter/attributes.ts makes one
// for C.__dict__.
export const MAPPINGPROXY = String.raw`
class mappingproxy:
    __module__ = 'builtins'
    __slots__ = ('_mapping',)

    def __init__(self, mapping):
        self._mapping = mapping

    def __getitem__(self, key):
        return self._mapping[key]

    def __delitem__(self, key):
        raise TypeError("'mappingproxy' object does not support item deletion")

    def get(self, key, default=None):
        return self._mapping.get(key, default)

    def keys(self):
        return self._mapping.keys()

    def values(self):
        return self._mapping.values()

    def items(self):
        return self._mapping.items()

    def copy(self):
        return self._mapping.copy()

    def __iter__(self):
        return iter(self._mapping)

    def __reversed__(self):
        return reversed(self._mapping)

    def __len__(self):
        return len(self._mapping)

    def __contains__(self, key):
        return key in self._mapping

    def __eq__(self, other):
        if isinstance(other, mappingproxy):
            other = other._mapping
        return self._mapping == other

    def __ne__(self, other):
        return not self == other

    __hash__ = None

    def __or__(self, other):
        if isinstance(other, mappingproxy):
            other = other._mapping
        return self._mapping | other

    def __ror__(self, other):
        return other | self._mapping

    def __repr__(self):
        return 'mappingproxy(' + repr(self._mapping) + ')'
`;
