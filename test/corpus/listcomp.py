# List comprehensions and conditional expressions.
print([x * x for x in range(10)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([c.upper() for c in "abc"])
print([(i, j) for i, j in [(1, 2), (3, 4)]])
print([[0] * 3 for _ in range(2)])
x = "outer"
y = [x for x in range(3)]
print(x, y)
def squares(n):
    return [i * i for i in range(n) if i % 2 == 1]
print(squares(10), sum([v for v in range(5)]))
print(["even" if n % 2 == 0 else "odd" for n in range(4)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
