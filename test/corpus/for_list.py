# Iterating lists, tuples, strings; break and continue.
items = [3, "x", 4.5, None, [1]]
for it in items:
    print(it)
for ch in "hey":
    print(ch)
for v in (1, 2):
    print(v)
total = 0
for x in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]:
    if x % 2 == 0:
        continue
    if x > 7:
        break
    total += x
print(total)
found = None
for row in [[1, 2], [3, 4], [5, 6]]:
    for cell in row:
        if cell == 4:
            found = cell
            break
    if found is not None:
        break
print(found)
lst = [1, 2, 3]
for x in lst:
    if len(lst) < 6:
        lst.append(x * 10)
print(lst)
for i, v in enumerate(["a", "b"]):
    print(i, v)
for a, b in zip([1, 2, 3], "xyz"):
    print(a, b)
for x in reversed([1, 2, 3]):
    print(x, end=" ")
print()
