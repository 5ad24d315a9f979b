# Comparison operators, chains, identity and membership.
print(1 < 2, 2 < 1, 1 <= 1, 1 >= 2, 1 == 1.0, 1 != 1, "a" < "b", "abc" < "abd", "Z" < "a")
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1, 1 == 1 == 1, 1 < 2 > 0, 1 <= 1 < 2 <= 2)
def v(x):
    print("eval", x)
    return x
print(v(1) < v(2) < v(3))
print(v(3) < v(2) < v(1))
x = None
print(x is None, x is not None, [] == [], [1, 2] == [1, 2], [1, 2] < [1, 3], (1, 2) < (1, 2, 0))
print(3 in [1, 2, 3], 4 in [1, 2, 3], 4 not in [1, 2, 3], "b" in "abc", "bd" in "abcd", 2 in (1, 2))
print(3 in range(5), 7 in range(0, 10, 2), 8 in range(0, 10, 2), [1, [2]] == [1, [2]], (1,) == (1,))
print(1.5 < 2, 2 < 1.5, -1 < -0.5, 2 ** 70 > 1e20, 0.1 + 0.2 == 0.3, [1] != [1], "a" == 'a')
