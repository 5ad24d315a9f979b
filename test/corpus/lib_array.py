# The array module (written in Python in runtime/vm/stdlib/) against python3.
from array import array
import array as arraymod
a = array('d', [1, 2.5]); print(a, a[0], repr(array('i')), array('i', [1, 2]) * 2, arraymod.typecodes)
for bad in [lambda: array('i', [1.5]), lambda: array('d', ['x']), lambda: array('z'), lambda: array('i', 'ab'), lambda: array('i', [1, 'x'])]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
a.append(3); a.extend([4]); print(a, len(a), a.tolist(), a.typecode, a.itemsize, sum(a), a[1:], type(a[1:]), a == array('d', [1, 2.5, 3, 4]), list(a), 3 in a)
b = array('i', range(5)); b[0] = 9; print(b, b.index(3), b.count(9), b.pop(), b, array('b', [1]) + array('b', [2]))
for bad in [lambda: b.__setitem__(0, 1.0), lambda: b + array('d'), lambda: b[10], lambda: b + [1], lambda: array('i').pop(), lambda: b.index(99), lambda: b.remove(99), lambda: b['x']]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(array('f', [0.1])[0], array('d', [0.1])[0], array('f', [1e40]), array('f', [16777217.0]))
b.insert(0, 7); b.remove(7); b.reverse(); print(b, array('l', [True]), isinstance(b, list))
for tc in 'bBhHiIlLqQ':
    for v in (-2**70, 2**70, -1, 300, 70000, 2**33):
        try:
            array(tc, [v])
        except OverflowError as e:
            print(tc, v, e)
grid = array('d', [0.0]) * 10
for i in range(10):
    grid[i] = i * 0.5
print(grid, sum(grid), max(grid), sorted(grid, reverse=True)[:2])
c = array('i', [3, 1, 2]); c[0:2] = array('i', [7]); print(c, array('i', [1]) == [1], array('i', [1, 2]) < array('i', [1, 3]), list(reversed(c)))
c *= 2; c += array('i', [5]); print(c, c.pop(0), c)
