// The re module, in Python over _re (interpreter/re-module.ts), which
// translates patterns to JavaScript RegExps (library/regex-translate.ts) and
// runs them. Pattern and Match objects, templates, split and the module
// functions are here; str patterns only (bytes patterns are refused).
export const RE = String.raw`
import _re


_FLAG_NAMES = (('TEMPLATE', 1), ('IGNORECASE', 2), ('LOCALE', 4), ('MULTILINE', 8), ('DOTALL', 16), ('UNICODE', 32), ('VERBOSE', 64), ('DEBUG', 128), ('ASCII', 256))

class RegexFlag(int):
    __module__ = 're'

    def __repr__(self):
        v = (self + 0)
        names = []
        for name, bit in _FLAG_NAMES:
            if v & bit:
                names.append('re.' + name)
                v &= ~bit
        if v or not names:
            names.append(hex(v))
        return '|'.join(names)

    __str__ = __repr__

    def __or__(self, other):
        if isinstance(other, int):
            return RegexFlag((self + 0) | (other + 0))
        return NotImplemented

    __ror__ = __or__

    def __and__(self, other):
        if isinstance(other, int):
            return RegexFlag((self + 0) & (other + 0))
        return NotImplemented

    __rand__ = __and__

    def __invert__(self):
        return RegexFlag(~(self + 0) & 511)

class error(Exception):
    __module__ = 're'

    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        if pattern is not None and pos is not None:
            self.lineno = pattern.count('\n', 0, pos) + 1
            self.colno = pos - pattern.rfind('\n', 0, pos)
            if '\n' in pattern:
                msg = '%s at position %d (line %d, column %d)' % (msg, pos, self.lineno, self.colno)
            else:
                msg = '%s at position %d' % (msg, pos)
        else:
            self.lineno = self.colno = None
        Exception.__init__(self, msg)

PatternError = error

A = ASCII = RegexFlag(256)
I = IGNORECASE = RegexFlag(2)
L = LOCALE = RegexFlag(4)
M = MULTILINE = RegexFlag(8)
S = DOTALL = RegexFlag(16)
U = UNICODE = RegexFlag(32)
X = VERBOSE = RegexFlag(64)
DEBUG = RegexFlag(128)
NOFLAG = RegexFlag(0)

_cache = {}

def _check_str(string):
    if not isinstance(string, str):
        raise TypeError("expected string or bytes-like object, got '" + type(string).__name__ + "'")
    return string

class Match:
    __module__ = 're'

    def __init__(self, pattern, string, spans, pos, endpos):
        self.re = pattern
        self.string = string
        self._spans = spans
        self.pos = pos
        self.endpos = endpos
        last = None
        i = 1
        n = len(spans) // 2
        best_end = -1
        # lastindex: the group that closed last (the outermost of nested groups ending together)
        while i < n:
            s = spans[2 * i]
            e = spans[2 * i + 1]
            if s >= 0 and (e > best_end or (e == best_end and last is not None and s < spans[2 * last])):
                best_end = e
                last = i
            i += 1
        self.lastindex = last

    @property
    def lastgroup(self):
        if self.lastindex is None:
            return None
        for name, i in self.re.groupindex.items():
            if i == self.lastindex:
                return name
        return None

    @property
    def regs(self):
        return tuple((self._spans[2 * i], self._spans[2 * i + 1]) for i in range(len(self._spans) // 2))

    def _index(self, g):
        if isinstance(g, int):
            if 0 <= g < len(self._spans) // 2:
                return g
            raise IndexError('no such group')
        if isinstance(g, str):
            i = self.re.groupindex.get(g)
            if i is not None:
                return i
        raise IndexError('no such group')

    def _group(self, i, default=None):
        s = self._spans[2 * i]
        if s < 0:
            return default
        return self.string[s:self._spans[2 * i + 1]]

    def group(self, *args):
        if not args:
            return self._group(0)
        if len(args) == 1:
            return self._group(self._index(args[0]))
        return tuple(self._group(self._index(g)) for g in args)

    def __getitem__(self, g):
        return self._group(self._index(g))

    def groups(self, default=None):
        return tuple(self._group(i, default) for i in range(1, len(self._spans) // 2))

    def groupdict(self, default=None):
        return {name: self._group(i, default) for name, i in self.re.groupindex.items()}

    def start(self, group=0):
        return self._spans[2 * self._index(group)]

    def end(self, group=0):
        return self._spans[2 * self._index(group) + 1]

    def span(self, group=0):
        i = self._index(group)
        return (self._spans[2 * i], self._spans[2 * i + 1])

    def expand(self, template):
        return ''.join(p if isinstance(p, str) else (self._group(p) or '') for p in self.re._template(template))

    def __bool__(self):
        return True

    def __repr__(self):
        return '<re.Match object; span=(%d, %d), match=%r>' % (self._spans[0], self._spans[1], self.group(0))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class Pattern:
    __module__ = 're'

    def __init__(self, pattern, flags):
        if not isinstance(pattern, str):
            if type(pattern).__name__ in ('bytes', 'bytearray'):
                raise NotImplementedError('re: bytes patterns are not supported by this VM')
            raise TypeError('first argument must be string or compiled pattern')
        r = _re.compile(pattern, flags)
        if r[0] == -1:
            raise error(r[1], pattern, r[2])
        if r[0] == -2:
            raise NotImplementedError('re: ' + r[1])
        self._id = r[0]
        self.pattern = pattern
        self.flags = RegexFlag(r[1])
        self.groups = r[2]
        self.groupindex = dict(r[3])
        self._templates = {}

    def __repr__(self):
        flags = self.flags & ~32
        text = 're.compile(%r' % (self.pattern,)
        if flags:
            names = []
            for name, v in (('TEMPLATE', 1), ('IGNORECASE', 2), ('LOCALE', 4), ('MULTILINE', 8), ('DOTALL', 16), ('VERBOSE', 64), ('DEBUG', 128), ('ASCII', 256)):
                if flags & v:
                    names.append('re.' + name)
                    flags &= ~v
            if flags:
                names.append(hex(flags))
            text += ', ' + '|'.join(names)
        return text + ')'

    def __eq__(self, other):
        return isinstance(other, Pattern) and self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def _exec(self, string, pos, endpos, mode):
        _check_str(string)
        spans = _re.exec(self._id, string, pos, endpos, mode)
        if spans is None:
            return None
        n = len(string)
        if pos < 0:
            pos = 0
        if pos > n:
            pos = n
        if endpos > n:
            endpos = n
        return Match(self, string, spans, pos, endpos)

    def search(self, string, pos=0, endpos=9223372036854775807):
        return self._exec(string, pos, endpos, 0)

    def match(self, string, pos=0, endpos=9223372036854775807):
        return self._exec(string, pos, endpos, 1)

    def fullmatch(self, string, pos=0, endpos=9223372036854775807):
        return self._exec(string, pos, endpos, 2)

    def finditer(self, string, pos=0, endpos=9223372036854775807):
        _check_str(string)
        spans = _re.scan(self._id, string, pos, endpos, 0)
        k = 2 * (self.groups + 1)
        n = len(string)
        p = min(max(pos, 0), n)
        e = min(max(endpos, 0), n)
        for i in range(0, len(spans), k):
            yield Match(self, string, spans[i:i + k], p, e)

    def findall(self, string, pos=0, endpos=9223372036854775807):
        _check_str(string)
        return list(_re.findall(self._id, string, pos, endpos))

    def _template(self, repl):
        t = self._templates.get(repl)
        if t is None:
            t = _parse_template(repl, self)
            self._templates[repl] = t
        return t

    def subn(self, repl, string, count=0):
        _check_str(string)
        if count < 0:
            return (string, 0)
        if isinstance(repl, str):
            return _re.sub(self._id, self._template(repl), string, count)
        if not callable(repl):
            raise TypeError('expected str instance, ' + type(repl).__name__ + ' found')
        spans = _re.scan(self._id, string, 0, len(string), count)
        k = 2 * (self.groups + 1)
        parts = []
        last = 0
        n = 0
        for i in range(0, len(spans), k):
            m = Match(self, string, spans[i:i + k], 0, len(string))
            parts.append(string[last:spans[i]])
            r = repl(m)
            if not isinstance(r, str):
                raise TypeError('expected str instance, ' + type(r).__name__ + ' found')
            parts.append(r)
            last = spans[i + 1]
            n += 1
        parts.append(string[last:])
        return (''.join(parts), n)

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def split(self, string, maxsplit=0):
        _check_str(string)
        if maxsplit < 0:
            return [string]
        spans = _re.scan(self._id, string, 0, len(string), maxsplit)
        k = 2 * (self.groups + 1)
        out = []
        last = 0
        for i in range(0, len(spans), k):
            out.append(string[last:spans[i]])
            for g in range(1, self.groups + 1):
                s = spans[i + 2 * g]
                out.append(None if s < 0 else string[s:spans[i + 2 * g + 1]])
            last = spans[i + 1]
        out.append(string[last:])
        return out

    def scanner(self, string, pos=0, endpos=9223372036854775807):
        raise NotImplementedError('re: Pattern.scanner is not supported')


def _parse_template(repl, pattern):
    # python3's template rules: \n \t ... escapes, \1..\99, \g<name>, \g<1>; other ASCII letters are errors
    parts = []
    lit = []
    i = 0
    n = len(repl)
    simple = {'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\'}
    while i < n:
        c = repl[i]
        if c != '\\':
            lit.append(c)
            i += 1
            continue
        if i + 1 >= n:
            raise error('bad escape (end of pattern)', repl, i)
        d = repl[i + 1]
        if d == 'g':
            if i + 2 >= n or repl[i + 2] != '<':
                raise error('missing <', repl, i + 2)
            j = repl.find('>', i + 3)
            if j < 0:
                raise error('missing >, unterminated name', repl, i + 3)
            name = repl[i + 3:j]
            if name == '':
                raise error('missing group name', repl, i + 3)
            if name.isdigit() and name.isascii():
                g = int(name)
                if g > pattern.groups:
                    raise error('invalid group reference %d' % g, repl, i + 3)
            elif name.isidentifier():
                if name not in pattern.groupindex:
                    raise IndexError("unknown group name '" + name + "'")
                g = pattern.groupindex[name]
            else:
                raise error("bad character in group name '" + name + "'", repl, i + 3)
            if lit:
                parts.append(''.join(lit))
                lit = []
            parts.append(g)
            i = j + 1
        elif d == '0':
            j = i + 2
            while j < n and j < i + 4 and repl[j] in '01234567':
                j += 1
            lit.append(chr(int(repl[i + 1:j], 8)))
            i = j
        elif d in '123456789':
            if i + 3 < n + 0 and repl[i + 2] in '01234567' and repl[i + 3] in '01234567' and d in '01234567':
                v = int(repl[i + 1:i + 4], 8)
                if v > 0o377:
                    raise error('octal escape value \\' + repl[i + 1:i + 4] + ' outside of range 0-0o377', repl, i)
                lit.append(chr(v))
                i += 4
                continue
            j = i + 2
            if j < n and repl[j] in '0123456789':
                j += 1
            g = int(repl[i + 1:j])
            if g > pattern.groups:
                raise error('invalid group reference %d' % g, repl, i + 1)
            if lit:
                parts.append(''.join(lit))
                lit = []
            parts.append(g)
            i = j
        elif d in simple:
            lit.append(simple[d])
            i += 2
        elif d.isascii() and d.isalpha():
            raise error('bad escape \\' + d, repl, i)
        else:
            lit.append('\\' + d)
            i += 2
    if lit:
        parts.append(''.join(lit))
    return tuple(parts)


def compile(pattern, flags=0):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError('cannot process flags argument with a compiled pattern')
        return pattern
    if not isinstance(flags, int):
        raise TypeError("unsupported operand type(s) for &: '" + type(flags).__name__ + "' and 'int'")
    flags = flags + 0
    key = (type(pattern), pattern, flags)
    p = _cache.get(key)
    if p is None:
        p = Pattern(pattern, flags)
        if len(_cache) >= 512:
            _cache.clear()
        _cache[key] = p
    return p

def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)

def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)

def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)

def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)

def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)

def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)

def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)

def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)

def purge():
    _cache.clear()

_special = frozenset('()[]{}?*+-|^$\\.&~# \t\n\r\v\f')

def escape(pattern):
    if not isinstance(pattern, str):
        raise NotImplementedError('re: bytes patterns are not supported by this VM')
    return ''.join('\\' + c if c in _special else c for c in pattern)
`;
