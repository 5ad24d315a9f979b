# for loops over range with 1, 2 and 3 arguments, including negative steps.
for i in range(5):
    print(i, end=" ")
print()
for i in range(2, 6):
    print(i, end=" ")
print()
for i in range(10, 0, -3):
    print(i, end=" ")
print()
for i in range(0, 10, 4):
    print(i, end=",")
print()
for i in range(-5, -1):
    print(i, end=" ")
print()
for i in range(5, 5):
    print("never")
for i in range(0, -5):
    print("never")
for i in range(3, 0, -1):
    print(i, end=" ")
print()
total = 0
for i in range(1000):
    total += i
print(total, i)
r = range(1, 10, 2)
print(r, len(r), r[2], r[-1], list(r), range(3))
for i in range(3):
    for j in range(i):
        print(i, j)
print(list(range(0, -10, -2)), len(range(0, 100, 7)), len(range(10, 0)))
