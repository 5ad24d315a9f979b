// The os module (read-only: environ, getcwd, cpu_count, getpid, listdir,
// sep/linesep/...) and os.path (posixpath: the path string functions as
// CPython's, and exists/isfile/isdir/getsize), in Python over _os
// (interpreter/os-module.ts). `import os.path` works (modules.ts maps it to
// posixpath); nothing here changes the file system or the environment of
// the process (os.environ is a dict copy).
export const OS = String.raw`
import _os
import posixpath
import sys

path = posixpath
name = 'posix'
sep = '/'
altsep = None
extsep = '.'
pathsep = ':'
linesep = '\n'
curdir = '.'
pardir = '..'
devnull = '/dev/null'
defpath = '/bin:/usr/bin'

environ = dict(_os.environ())

def getenv(key, default=None):
    return environ.get(key, default)

def getcwd():
    return _os.getcwd()

def cpu_count():
    return _os.cpu_count()

def getpid():
    return _os.getpid()

def listdir(path='.'):
    return _os.listdir(path)

def fspath(path):
    if isinstance(path, str):
        return path
    if hasattr(path, '__fspath__'):
        return path.__fspath__()
    raise TypeError('expected str, bytes or os.PathLike object, not ' + type(path).__name__)
`;

export const POSIXPATH = String.raw`
import _os

sep = '/'
curdir = '.'
pardir = '..'
extsep = '.'
pathsep = ':'

def _s(p, what='path'):
    if isinstance(p, str):
        return p
    if hasattr(p, '__fspath__'):
        return p.__fspath__()
    raise TypeError('expected str, bytes or os.PathLike object, not ' + type(p).__name__)

def isabs(s):
    return _s(s).startswith('/')

def _joinarg(p, fn):
    if isinstance(p, str):
        return p
    if hasattr(p, '__fspath__'):
        return p.__fspath__()
    raise TypeError(fn + "() argument must be str, bytes, or os.PathLike object, not '" + type(p).__name__ + "'")

def join(a, *p):
    path = _joinarg(a, 'join')
    for b in p:
        b = _joinarg(b, 'join')
        if b.startswith('/'):
            path = b
        elif not path or path.endswith('/'):
            path += b
        else:
            path += '/' + b
    return path

def split(p):
    p = _s(p)
    i = p.rfind('/') + 1
    head, tail = p[:i], p[i:]
    if head and head != '/' * len(head):
        head = head.rstrip('/')
    return head, tail

def splitext(p):
    p = _s(p)
    sep_index = p.rfind('/')
    dot_index = p.rfind('.')
    if dot_index > sep_index:
        filename_index = sep_index + 1
        while filename_index < dot_index:
            if p[filename_index] != '.':
                return p[:dot_index], p[dot_index:]
            filename_index += 1
    return p, ''

def splitdrive(p):
    return '', _s(p)

def basename(p):
    p = _s(p)
    return p[p.rfind('/') + 1:]

def dirname(p):
    p = _s(p)
    i = p.rfind('/') + 1
    head = p[:i]
    if head and head != '/' * len(head):
        head = head.rstrip('/')
    return head

def normpath(path):
    path = _s(path)
    if not path:
        return '.'
    initial_slashes = 1 if path.startswith('/') else 0
    if initial_slashes and path.startswith('//') and not path.startswith('///'):
        initial_slashes = 2
    comps = path.split('/')
    new_comps = []
    for comp in comps:
        if comp in ('', '.'):
            continue
        if comp != '..' or (not initial_slashes and not new_comps) or (new_comps and new_comps[-1] == '..'):
            new_comps.append(comp)
        elif new_comps:
            new_comps.pop()
    path = '/'.join(new_comps)
    if initial_slashes:
        path = '/' * initial_slashes + path
    return path or '.'

def abspath(path):
    path = _s(path)
    if not path.startswith('/'):
        path = join(_os.getcwd(), path)
    return normpath(path)

def relpath(path, start=None):
    path = _s(path)
    if not path:
        raise ValueError('no path specified')
    start = '.' if start is None else _s(start)
    start_list = [x for x in abspath(start).split('/') if x]
    path_list = [x for x in abspath(path).split('/') if x]
    i = len(commonprefix([start_list, path_list]))
    rel_list = ['..'] * (len(start_list) - i) + path_list[i:]
    if not rel_list:
        return '.'
    return join(*rel_list)

def commonprefix(m):
    if not m:
        return ''
    s1 = min(m)
    s2 = max(m)
    for i, c in enumerate(s1):
        if c != s2[i]:
            return s1[:i]
    return s1

def expanduser(path):
    path = _s(path)
    if not path.startswith('~'):
        return path
    i = path.find('/', 1)
    if i < 0:
        i = len(path)
    if i != 1:
        return path
    home = dict(_os.environ()).get('HOME', '/')
    return (home.rstrip('/') or '/') + path[i:]

def exists(path):
    return _os.exists(_s(path))

def isfile(path):
    return _os.isfile(_s(path))

def isdir(path):
    return _os.isdir(_s(path))

def getsize(path):
    return _os.getsize(_s(path))
`;
