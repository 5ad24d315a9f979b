# Containers compare items with identity first (PyObject_RichCompareBool): a NaN
# is found in a list that holds that very object, though nan == nan is False.
nan = float("nan")
inf = float("inf")
print(nan == nan, nan != nan, nan is nan)
print(nan in [nan], nan in (1, nan), [nan] == [nan], (nan,) == (nan,), [nan] != [nan])
print([nan].count(nan), (1, nan).index(nan), [2, nan, nan].index(nan, 2))
xs = [nan, 1.0]
xs.remove(nan)
print(xs, (nan,) < (nan, 1), [nan, 1] <= [nan, 2], {1: nan} == {1: nan}, {nan} == {nan}, {nan: 2}[nan])


class Never:
    """Equal to nothing, itself included: identity still wins inside containers."""
    def __eq__(self, other):
        return False
    __hash__ = object.__hash__


n = Never()
print(n == n, n in [n], [n] == [n], [n].count(n), {n: 1}[n], n in {n})

# The same checks in hot loops, so traces (and their native sequence searches) run them.
hits = 0
found = 0
for i in range(300):
    row = [1.5, nan, inf] if i % 2 else [nan, 2.5]
    hits += nan in row
    hits += row.count(nan)
    found += row.index(nan)
    hits += (i % 3 == 0 and inf in row)
    hits += [nan] == [nan]
print(hits, found)
