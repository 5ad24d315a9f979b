# The itertools module (written in Python in runtime/vm/stdlib/) against python3.
import itertools
from itertools import count, islice, chain, permutations, combinations, product, repeat, accumulate, cycle, zip_longest
print(list(islice(count(), 5)), list(islice(count(10, 2.5), 3)), list(islice("abcdefg", 2, 6, 2)), list(islice(range(10), 3, None)))
print(list(chain([1, 2], "ab", (3,))), list(chain.from_iterable([[1], [2, 3]])))
print(list(permutations([1, 2, 3])), list(permutations("abc", 2)))
print(list(combinations(range(4), 2)), list(combinations("ab", 3)), list(itertools.combinations_with_replacement("ab", 2)))
print(list(product([0, 1], repeat=2)), list(product("ab", [1, 2])), list(product()))
print(list(repeat(7, 3)), list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b)), list(accumulate([1, 2], initial=10)))
print(list(islice(cycle("ab"), 5)), list(zip_longest("abc", [1], fillvalue="-")))
print(list(itertools.takewhile(lambda x: x < 3, [1, 2, 3, 1])), list(itertools.dropwhile(lambda x: x < 3, [1, 2, 3, 1])))
print(list(itertools.compress("abcdef", [1, 0, 1, 0, 1, 1])), list(itertools.filterfalse(lambda x: x % 2, range(6))), list(itertools.starmap(pow, [(2, 3), (3, 2)])))
print([(k, list(g)) for k, g in itertools.groupby("aabbbc")], [(k, len(list(g))) for k, g in itertools.groupby([1, 1, 2, 3, 3], key=lambda v: v % 2)])
a, b = itertools.tee([1, 2, 3])
print(list(a), list(b), list(itertools.pairwise("abcd")))
print(sum(1 for _ in permutations(range(6))), len(list(combinations(range(10), 3))))
for bad in [lambda: islice([], -1), lambda: islice([], 0, 1, 0), lambda: permutations([1], -1), lambda: count("a"), lambda: list(islice([1], "x"))]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
try:
    permutations(5)
except TypeError as e:
    print(e)
it = iter(range(10))
print(list(islice(it, 2, 5)), next(it))
