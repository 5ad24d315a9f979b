# async def, await and coroutine objects driven by send/throw/close (no asyncio).
async def fibonacci(n):
    if n <= 1:
        return n
    return await fibonacci(n - 1) + await fibonacci(n - 2)

def run(coro):
    try:
        coro.send(None)
    except StopIteration as e:
        return e.value
    raise RuntimeError("suspended")

print(run(fibonacci(20)))

class Sleep:
    def __init__(self, n): self.n = n
    def __await__(self):
        for i in range(self.n):
            yield ("tick", i)
        return self.n * 10

async def worker(name, n):
    total = 0
    for k in range(n):
        got = await Sleep(k)
        total += got
    return name, total

def scheduler(coros):
    results = []
    ticks = 0
    queue = list(coros)
    while queue:
        c = queue.pop(0)
        try:
            c.send(None)
            ticks += 1
            queue.append(c)
        except StopIteration as e:
            results.append(e.value)
    return results, ticks

print(scheduler([worker("a", 3), worker("b", 5), worker("c", 1)]))
c = fibonacci(3)
print(type(c).__name__, repr(c).startswith("<coroutine object fibonacci at 0x"))
print(run(c))
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
async def bad():
    return await 5
try:
    run(bad())
except TypeError as e:
    print("TypeError:", e)
class BadAwait:
    def __await__(self): return 3
async def bad2():
    await BadAwait()
try:
    run(bad2())
except TypeError as e:
    print("TypeError:", e)
unstarted = fibonacci(2)
try:
    for x in unstarted: pass
except TypeError as e:
    print("TypeError:", e)
try:
    next(unstarted)
except TypeError as e:
    print("TypeError:", e)
unstarted.close()
async def stops():
    raise StopIteration(3)
try:
    run(stops())
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)
async def catches():
    try:
        await Sleep(2)
    except ValueError as e:
        return "caught " + str(e)
co = catches()
print(co.send(None))
try:
    co.throw(ValueError("boom"))
except StopIteration as e:
    print(e.value)
co = catches(); co.send(None); co.close(); print("closed")
try:
    unstarted = fibonacci(1)
    unstarted.send(5)
except TypeError as e:
    print("TypeError:", e)
unstarted.close()
unstarted = fibonacci(2)
def gen():
    yield from unstarted
try:
    list(gen())
except TypeError as e:
    print("TypeError:", e)
unstarted.close()
# A coroutine's locals survive each suspension; a method can be a coroutine.
class Account:
    def __init__(self): self.balance = 0
    async def deposit(self, amount):
        await Sleep(1)
        self.balance += amount
        return self.balance
async def many(acct):
    for i in range(50):
        await acct.deposit(i)
    return acct.balance
print(scheduler([many(Account()), many(Account())]))
async def fails():
    await Sleep(1)
    raise KeyError("missing")
print(scheduler([fails()]))
