# Local and global scoping like Python.
counter = 0
def bump():
    global counter
    counter += 1
    return counter
bump()
bump()
print(counter)
x = "global"
def reads():
    return x
def shadows():
    x = "local"
    return x
print(reads(), shadows(), x)
def uses_later():
    return later_defined * 2
later_defined = 21
print(uses_later())
def set_two():
    global a, b
    a = 1
    b = 2
set_two()
print(a, b)
def loop_var():
    for i in range(3):
        pass
    return i
print(loop_var())
total = 100
def local_total():
    total = 0
    for i in range(5):
        total += i
    return total
print(local_total(), total)
if True:
    inside_if = "module level"
print(inside_if)
for k in range(2):
    last_k = k
print(last_k, k)
def param_shadow(len):
    return len + 1
print(param_shadow(4), len("abc"))
