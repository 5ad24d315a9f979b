# Functions: parameters, recursion, return values, keyword arguments.
def add(a, b):
    return a + b
def nothing():
    pass
def early(x):
    if x > 0:
        return "pos"
    return
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)
def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))
def hanoi(n, a, b, c):
    if n == 0:
        return 0
    return hanoi(n - 1, a, c, b) + 1 + hanoi(n - 1, c, b, a)
print(add(1, 2), add("a", "b"), add([1], [2]), nothing(), early(1), early(-1))
print(fact(10), fact(30), ackermann(2, 3), hanoi(10, "A", "B", "C"))
print(add(b=1, a=2), add(5, b=6))
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)
print(is_even(10), is_odd(7), is_even(7))
f = add
print(f(10, 20), print, len)
def many(a, b, c, d, e, f2, g):
    return a + b * c - d + e * f2 - g
print(many(1, 2, 3, 4, 5, 6, 7))
def deep(n):
    if n == 0:
        return 0
    return 1 + deep(n - 1)
print(deep(500))
