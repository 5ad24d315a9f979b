# while loops with break and continue.
i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    print(i)
n = 27
steps = 0
while n != 1:
    if n % 2 == 0:
        n //= 2
    else:
        n = 3 * n + 1
    steps += 1
print(steps)
k = 0
while True:
    k += 1
    if k >= 10:
        break
print(k)
a = 10
while a:
    a -= 3
    if a < 0:
        break
print(a)
x = 0
while x < 3:
    y = 0
    while y < 3:
        if y == x:
            y += 1
            continue
        print(x, y)
        y += 1
    x += 1
