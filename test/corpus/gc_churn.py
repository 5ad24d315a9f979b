# Allocation churn: many short-lived lists, tuples, strings and big ints.
keep = []
total = 0
for i in range(30000):
    tmp = [i, i + 1, (i, str(i))]
    s = "x" * (i % 10)
    b = 2 ** 60 + i
    total += len(tmp) + len(s) + b % 7
    if i % 1000 == 0:
        keep.append(tmp)
print(total, len(keep), keep[3], keep[-1][2][1])
