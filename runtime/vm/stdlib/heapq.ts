// The heapq module, in Python (compiled with the program that imports it; see
// source-modules.ts): the binary min-heap algorithms CPython's heapq uses
// (sift down toward the root, sift up by moving the smaller child up to a
// leaf and then sifting down), so the lists come out in python3's order.
// The five list operations are replaced by _heapq's (TypeScript) at the end.
export const HEAPQ = String.raw`
def _siftdown(heap, startpos, pos):
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if newitem < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem

def _siftup(heap, pos):
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[childpos] < heap[rightpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown(heap, startpos, pos)

def _check_list(heap, name):
    if not isinstance(heap, list):
        raise TypeError(name + "() argument 1 must be list, not " + type(heap).__name__)

def heappush(heap, item):
    _check_list(heap, "heappush")
    heap.append(item)
    _siftdown(heap, 0, len(heap) - 1)

def heappop(heap):
    _check_list(heap, "heappop")
    if not heap:
        raise IndexError("index out of range")
    lastelt = heap.pop()
    if heap:
        returnitem = heap[0]
        heap[0] = lastelt
        _siftup(heap, 0)
        return returnitem
    return lastelt

def heapreplace(heap, item):
    _check_list(heap, "heapreplace")
    if not heap:
        raise IndexError("index out of range")
    returnitem = heap[0]
    heap[0] = item
    _siftup(heap, 0)
    return returnitem

def heappushpop(heap, item):
    _check_list(heap, "heappushpop")
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _siftup(heap, 0)
    return item

def heapify(x):
    _check_list(x, "heapify")
    n = len(x)
    for i in reversed(range(n // 2)):
        _siftup(x, i)

_DONE = object()

def _merge(iterables, key, reverse):
    # [key, value, iterator] per input still running, in input order: the first of equal keys wins.
    entries = []
    for it in iterables:
        value = next(it, _DONE)
        if value is not _DONE:
            entries.append([value if key is None else key(value), value, it])
    while entries:
        best = 0
        for i in range(1, len(entries)):
            if (entries[best][0] < entries[i][0]) if reverse else (entries[i][0] < entries[best][0]):
                best = i
        entry = entries[best]
        yield entry[1]
        value = next(entry[2], _DONE)
        if value is _DONE:
            del entries[best]
        else:
            entry[0] = value if key is None else key(value)
            entry[1] = value

def merge(*iterables, key=None, reverse=False):
    return _merge([iter(it) for it in iterables], key, reverse)

def nsmallest(n, iterable, key=None):
    return sorted(iterable, key=key)[:n]

def nlargest(n, iterable, key=None):
    return sorted(iterable, key=key, reverse=True)[:n]

# The same operations over the arena's lists without Python frames (interpreter/heapq-native.ts), as CPython's _heapq.
from _heapq import heappush, heappop, heapify, heapreplace, heappushpop
`;
