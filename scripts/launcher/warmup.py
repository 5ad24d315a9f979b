# Run once when the `stencil-jit run` bundle is built (with --threshold 2), so
# that V8's code cache holds the code a typical run needs: the front end,
# tier-1, printing, and the JIT (loop, function and side traces, recording,
# optimizing, compiling). Its output is discarded.
import math


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def work(n):
    total = 0
    acc = 0.5
    items = [1, 2, 3]
    text = ""
    for i in range(n):
        total += i * i % 7
        acc = acc * 0.5 + math.sqrt(i)
        if i % 3 == 0:
            items.append(i)
        else:
            total -= items[i % len(items)]
        text = text + "ab"[i % 2]
    j = 0
    while j < n:
        j += 1
    return total, acc, len(items), len(text), items[-3:], str(acc)[:4], abs(-n), min(n, 3), max(n, 3)


print(fib(12), work(60), [x for x in [1, 2, 3]] if False else None)
print("%d" % 3 if False else "done", 2 ** 70, 7 // 2, -7 % 3, 1.5 * 2, True and not False)

# The collector, and the JIT dropping its traces (a store to a module
# attribute invalidates every trace), then tracing again.
import gc
gc.collect()
math.warmup_attribute = 1
print(work(30)[0], fib(10))
