// The io module's StringIO, in Python (compiled with the program that imports
// it; see source-modules.ts): an in-memory text stream with a position
// (write overwrites from it, read and readline advance it), as print(file=)
// and programs that build output use it.
export const IO = String.raw`
class StringIO:
    __module__ = '_io'

    def __init__(self, initial_value='', newline='\n'):
        if initial_value is None:
            initial_value = ''
        if not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not " + type(initial_value).__name__)
        self._value = initial_value
        self._pos = 0
        self._closed = False

    def _check(self):
        if self._closed:
            raise ValueError("I/O operation on closed file")

    @property
    def closed(self):
        return self._closed

    def close(self):
        self._closed = True

    def getvalue(self):
        self._check()
        return self._value

    def write(self, s):
        self._check()
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '" + type(s).__name__ + "'")
        n = len(s)
        if n == 0:
            return 0
        v = self._value
        pos = self._pos
        if pos == len(v):
            self._value = v + s
        elif pos > len(v):
            self._value = v + "\0" * (pos - len(v)) + s
        else:
            self._value = v[:pos] + s + v[pos + n:]
        self._pos = pos + n
        return n

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def read(self, size=-1):
        self._check()
        v = self._value
        start = min(self._pos, len(v))
        end = len(v) if size is None or size < 0 else min(len(v), start + size)
        self._pos = end if end > self._pos else self._pos
        return v[start:end]

    def readline(self, size=-1):
        self._check()
        v = self._value
        start = min(self._pos, len(v))
        end = v[start:].find("\n")
        end = len(v) if end < 0 else start + end + 1
        if size is not None and size >= 0:
            end = min(end, start + size)
        self._pos = end if end > self._pos else self._pos
        return v[start:end]

    def readlines(self, hint=-1):
        lines = []
        total = 0
        while True:
            line = self.readline()
            if not line:
                break
            lines.append(line)
            total += len(line)
            if hint is not None and 0 < hint <= total:
                break
        return lines

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            if pos < 0:
                raise ValueError("Negative seek position " + str(pos))
            self._pos = pos
        elif whence == 1:
            if pos != 0:
                raise OSError("Can't do nonzero cur-relative seeks")
        elif whence == 2:
            if pos != 0:
                raise OSError("Can't do nonzero end-relative seeks")
            self._pos = len(self._value)
        else:
            raise ValueError("Invalid whence (" + str(whence) + ", should be 0, 1 or 2)")
        return self._pos

    def tell(self):
        self._check()
        return self._pos

    def truncate(self, size=None):
        self._check()
        if size is None:
            size = self._pos
        if size < 0:
            raise ValueError("Negative size value " + str(size))
        self._value = self._value[:size]
        return size

    def flush(self):
        self._check()

    def readable(self):
        return True

    def writable(self):
        return True

    def seekable(self):
        return True

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *args):
        self.close()
`;
