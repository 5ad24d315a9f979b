# Recursive functions whose bodies loop: the loop's trace is reached from the
# function's own trace (CALL_TRACE) and returns to it natively.


def count_paths(d):
    if d == 0:
        return 1
    total = 0
    for i in range(3):
        total += count_paths(d - 1)
    return total


class Tree:
    def __init__(self):
        self.visits = 0

    def size(self, depth, width):
        self.visits += 1
        if depth == 0:
            return 1
        n = 1
        for _ in range(width):
            n += self.size(depth - 1, width)
        return n

    def first_over(self, depth, limit):
        # returns from inside the loop (not after it)
        if depth == 0:
            return depth
        for k in range(5):
            r = self.first_over(depth - 1, limit)
            if r + k > limit:
                return r + k
        return -1


def perms(items):
    if len(items) <= 1:
        return [items[:]]
    out = []
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for p in perms(rest):
            out.append([items[i]] + p)
    return out


def even(n):
    while n > 0:
        return odd(n - 1)
    return True


def odd(n):
    while n > 0:
        return even(n - 1)
    return False


def boom(d):
    for i in range(2):
        if d == 0 and i == 1:
            raise ValueError("deep " + str(d))
        if d > 0:
            boom(d - 1)


def float_sum(d):
    if d == 0:
        return 0.5
    s = 0.0
    for i in range(2):
        s += float_sum(d - 1) * 1.5
    return s


print(count_paths(9))
t = Tree()
print(t.size(7, 3), t.visits)
print(t.first_over(6, 3), t.first_over(3, 100))
print(len(perms([1, 2, 3, 4, 5, 6])), perms([1, 2, 3])[-1])
print([even(n) for n in range(0, 40, 7)])
print(float_sum(12))
for _ in range(30):
    count_paths(4)
try:
    boom(6)
except ValueError as e:
    print("caught", e)
big = [count_paths(d) for d in range(8)]
print(big)
