# Globals rebound through globals() while loops and functions that read them
# are hot: a number whose type changes, a function a loop calls, a value a
# small function returns. Traces guard what they read of a global, so a store
# through the mapping (run by tier-1) must be seen where they read it next.
scale = 1


def setter(i):
    if i == 300:
        globals()["scale"] = 2.5
    if i == 600:
        globals()["scale"] = 3


def total(n):
    s = 0
    for i in range(n):
        s += scale * i
        setter(i)
    return s


print(total(1000), scale)


def via_global_statement(i):
    global scale
    if i == 300:
        scale = 0.5


def total2(n):
    s = 0
    for i in range(n):
        s += scale * i
        via_global_statement(i)
        if i == 700:
            globals()["scale"] = 4
    return s


print(total2(1000), scale)


def reader():
    return scale


def total3(n):
    s = 0
    for i in range(n):
        s += reader()
        if i % 100 == 99:
            globals()["scale"] = globals()["scale"] + 1
    return s


scale = 1
print(total3(1000), scale)


def f1():
    return 1


def f2():
    return 2


def call_many():
    acc = 0
    for i in range(300):
        acc += f1()
        if i == 150:
            globals()["f1"] = f2
    return acc


print(call_many(), f1 is f2)


def shadowed_len():
    acc = 0
    for i in range(200):
        acc += len("abc")
        if i == 100:
            globals()["len"] = lambda s: 10
        if i == 150:
            del globals()["len"]
    return acc


print(shadowed_len())
