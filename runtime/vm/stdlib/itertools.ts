// The itertools module, in Python (compiled with the program that imports it;
// see source-modules.ts). Each function checks and takes its arguments at
// the call, as CPython's do, and returns a generator for the iteration; the
// results and the errors are CPython's (the objects are generators rather
// than itertools.<name> instances).
export const ITERTOOLS = String.raw`
def _index_arg(v, what):
    if v is None:
        return None
    if type(v) is bool or not isinstance(v, int):
        try:
            v = v.__index__()
        except AttributeError:
            raise ValueError(what) from None
    if v < 0 or v > 9223372036854775807:
        raise ValueError(what)
    return v

def _count(n, step):
    while True:
        yield n
        n += step

def count(start=0, step=1):
    for v in (start, step):
        if not isinstance(v, (int, float)):
            raise TypeError("a number is required")
    return _count(start, step)

def _cycle(it):
    saved = []
    for element in it:
        yield element
        saved.append(element)
    if not saved:
        return
    while True:
        for element in saved:
            yield element

def cycle(iterable):
    return _cycle(iter(iterable))

def _repeat_forever(obj):
    while True:
        yield obj

def _repeat_times(obj, times):
    for _ in range(times):
        yield obj

def repeat(object, times=None):
    if times is None:
        return _repeat_forever(object)
    return _repeat_times(object, times)

def _accumulate(it, func, initial):
    total = initial
    if initial is None:
        try:
            total = next(it)
        except StopIteration:
            return
    yield total
    if func is None:
        for element in it:
            total = total + element
            yield total
    else:
        for element in it:
            total = func(total, element)
            yield total

def accumulate(iterable, func=None, *, initial=None):
    return _accumulate(iter(iterable), func, initial)

def _chain(iterables):
    for it in iterables:
        for element in it:
            yield element

def chain(*iterables):
    return _chain(iterables)

def _from_iterable(iterables):
    return _chain(iterables)

chain.from_iterable = _from_iterable

def _compress(data, selectors):
    for d, s in zip(data, selectors):
        if s:
            yield d

def compress(data, selectors):
    return _compress(iter(data), iter(selectors))

def _dropwhile(predicate, it):
    for x in it:
        if not predicate(x):
            yield x
            break
    for x in it:
        yield x

def dropwhile(predicate, iterable):
    return _dropwhile(predicate, iter(iterable))

def _takewhile(predicate, it):
    for x in it:
        if predicate(x):
            yield x
        else:
            break

def takewhile(predicate, iterable):
    return _takewhile(predicate, iter(iterable))

def _filterfalse(predicate, it):
    if predicate is None:
        predicate = bool
    for x in it:
        if not predicate(x):
            yield x

def filterfalse(predicate, iterable):
    return _filterfalse(predicate, iter(iterable))

class _GroupBy:
    def __init__(self, it, key):
        self.it = it
        self.keyfunc = key
        self.tgtkey = self.currkey = self.currvalue = _MARKER
        self.id = None

    def advance(self):
        self.currvalue = next(self.it)
        self.currkey = self.currvalue if self.keyfunc is None else self.keyfunc(self.currvalue)

    def groups(self):
        while True:
            self.id = object()
            if self.currkey is _MARKER:
                try:
                    self.advance()
                except StopIteration:
                    return
            while self.tgtkey is not _MARKER and self.currkey == self.tgtkey:
                try:
                    self.advance()
                except StopIteration:
                    return
            self.tgtkey = self.currkey
            yield (self.currkey, self.grouper(self.tgtkey, self.id))

    def grouper(self, tgtkey, id):
        while self.id is id and self.currkey == tgtkey:
            yield self.currvalue
            try:
                self.advance()
            except StopIteration:
                return

_MARKER = object()

def groupby(iterable, key=None):
    return _GroupBy(iter(iterable), key).groups()

def _islice(it, start, stop, step):
    # CPython's islice_next: skip to the next index, stop at stop, one item at a time.
    cnt = 0
    nxt = start
    while True:
        while cnt < nxt:
            if next(it, _MARKER) is _MARKER:
                return
            cnt += 1
        if stop is not None and cnt >= stop:
            return
        item = next(it, _MARKER)
        if item is _MARKER:
            return
        cnt += 1
        nxt += step
        if stop is not None and nxt > stop:
            nxt = stop
        yield item

def islice(iterable, *args):
    n = len(args)
    if n == 0:
        raise TypeError("islice expected at least 2 arguments, got 1")
    if n > 3:
        raise TypeError("islice expected at most 4 arguments, got " + str(n + 1))
    if n == 1:
        start, stop, step = None, args[0], None
    else:
        start = args[0]
        stop = args[1]
        step = args[2] if n == 3 else None
    if n == 1:
        stop = _index_arg(stop, "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
    else:
        what = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize."
        start = _index_arg(start, what)
        stop = _index_arg(stop, what)
    if step is not None:
        step = _index_arg(step, "Step for islice() must be a positive integer or None.")
        if step == 0:
            raise ValueError("Step for islice() must be a positive integer or None.")
    return _islice(iter(iterable), start or 0, stop, step or 1)

def _starmap(function, it):
    for args in it:
        yield function(*args)

def starmap(function, iterable):
    return _starmap(function, iter(iterable))

def _tee_gen(it, buffers, mine):
    while True:
        if not mine:
            try:
                value = next(it)
            except StopIteration:
                return
            for b in buffers:
                b.append(value)
        yield mine.pop(0)

def tee(iterable, n=2):
    if n < 0:
        raise ValueError("n must be >= 0")
    it = iter(iterable)
    buffers = [[] for _ in range(n)]
    return tuple(_tee_gen(it, buffers, b) for b in buffers)

def _zip_longest(iterators, fillvalue):
    num_active = len(iterators)
    if not num_active:
        return
    while True:
        values = []
        for i, it in enumerate(iterators):
            try:
                value = next(it)
            except StopIteration:
                num_active -= 1
                if not num_active:
                    return
                iterators[i] = _repeat_forever(fillvalue)
                value = fillvalue
            values.append(value)
        yield tuple(values)

def zip_longest(*iterables, fillvalue=None):
    return _zip_longest([iter(it) for it in iterables], fillvalue)

def _product(pools):
    result = [()]
    for pool in pools:
        result = [x + (y,) for x in result for y in pool]
    for prod in result:
        yield prod

def product(*iterables, repeat=1):
    if repeat < 0:
        raise ValueError("repeat argument cannot be negative")
    pools = [tuple(pool) for pool in iterables] * repeat
    return _product(pools)

def _permutations(pool, r):
    n = len(pool)
    if r > n:
        return
    indices = list(range(n))
    cycles = list(range(n, n - r, -1))
    yield tuple(pool[i] for i in indices[:r])
    while n:
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple(pool[i] for i in indices[:r])
                break
        else:
            return

def permutations(iterable, r=None):
    pool = tuple(iterable)
    if r is None:
        r = len(pool)
    elif r < 0:
        raise ValueError("r must be non-negative")
    return _permutations(pool, r)

def _combinations(pool, r):
    n = len(pool)
    if r > n:
        return
    indices = list(range(r))
    yield tuple(pool[i] for i in indices)
    while True:
        for i in reversed(range(r)):
            if indices[i] != i + n - r:
                break
        else:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple(pool[i] for i in indices)

def combinations(iterable, r):
    pool = tuple(iterable)
    if r < 0:
        raise ValueError("r must be non-negative")
    return _combinations(pool, r)

def _combinations_with_replacement(pool, r):
    n = len(pool)
    if not n and r:
        return
    indices = [0] * r
    yield tuple(pool[i] for i in indices)
    while True:
        for i in reversed(range(r)):
            if indices[i] != n - 1:
                break
        else:
            return
        indices[i:] = [indices[i] + 1] * (r - i)
        yield tuple(pool[i] for i in indices)

def combinations_with_replacement(iterable, r):
    pool = tuple(iterable)
    if r < 0:
        raise ValueError("r must be non-negative")
    return _combinations_with_replacement(pool, r)

def _pairwise(it):
    a = next(it, _MARKER)
    if a is _MARKER:
        return
    for b in it:
        yield (a, b)
        a = b

def pairwise(iterable):
    return _pairwise(iter(iterable))
`;
