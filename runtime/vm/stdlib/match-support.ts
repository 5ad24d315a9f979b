// The run-time half of the match statement (PEP 634), in Python: the compiler
// (frontend/match-compiler.ts) imports this hidden module `_match` and calls it
// for the structural checks of sequence, mapping and class patterns, then
// matches the sub-patterns on the values these return. Each returns None when
// the subject does not match. Errors are CPython's.
export const MATCH_SUPPORT = String.raw`
_MISSING = object()

_SELF_MATCHING = (bool, dict, float, frozenset, int, list, set, str, tuple)


def _is_sequence(x):
    if isinstance(x, (list, tuple, range)):
        return True
    if isinstance(x, (str, dict)):
        return False
    for c in type(x).__mro__:
        if (c.__name__, c.__module__) in (("deque", "collections"), ("array", "array")):
            return True
    return False


def sequence(subject, n, star):
    """The n items a sequence pattern matches (the starred one, at index star, as a list), or None."""
    if not _is_sequence(subject):
        return None
    size = len(subject)
    if star < 0:
        if size != n:
            return None
        return list(subject)
    if size < n - 1:
        return None
    items = list(subject)
    after = n - 1 - star
    return items[:star] + [items[star:size - after]] + items[size - after:]


def mapping(subject, keys, rest):
    """The values of keys (and a dict of the other items if rest), or None."""
    if not isinstance(subject, dict):
        return None
    if len(subject) < len(keys):
        return None
    seen = []
    values = []
    for k in keys:
        if k in seen:
            raise ValueError("mapping pattern checks duplicate key (" + repr(k) + ")")
        seen.append(k)
        v = subject.get(k, _MISSING)
        if v is _MISSING:
            return None
        values.append(v)
    if rest:
        others = dict(subject)
        for k in keys:
            del others[k]
        values.append(others)
    return values


def _self_matching(cls):
    for c in cls.__mro__:
        if c in _SELF_MATCHING:
            return True
    return False


def cls(subject, cls, npos, kwnames):
    """The attributes a class pattern matches (positional ones through __match_args__), or None."""
    if not isinstance(cls, type):
        raise TypeError("called match pattern must be a type")
    if not isinstance(subject, cls):
        return None
    values = []
    names = []
    if npos:
        match_args = getattr(cls, "__match_args__", _MISSING)
        if match_args is _MISSING:
            if _self_matching(cls):
                match_args = None
                allowed = 1
            else:
                match_args = ()
                allowed = 0
        elif type(match_args) is not tuple:
            raise TypeError(cls.__name__ + ".__match_args__ must be a tuple (got " + type(match_args).__name__ + ")")
        else:
            allowed = len(match_args)
        if npos > allowed:
            raise TypeError(cls.__name__ + "() accepts " + str(allowed) + " positional sub-pattern" + ("" if allowed == 1 else "s") + " (" + str(npos) + " given)")
        if match_args is None:
            values.append(subject)
        else:
            for i in range(npos):
                name = match_args[i]
                if type(name) is not str:
                    raise TypeError("__match_args__ elements must be strings (got " + type(name).__name__ + ")")
                names.append(name)
    names.extend(kwnames)
    seen = []
    for name in names:
        if name in seen:
            raise TypeError(cls.__name__ + "() got multiple sub-patterns for attribute " + repr(name))
        seen.append(name)
        v = getattr(subject, name, _MISSING)
        if v is _MISSING:
            return None
        values.append(v)
    return values
`;
