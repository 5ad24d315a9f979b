# The gc module as programs use it: collect() between phases, disable()/enable()
# around timing, thresholds. (collect()'s count differs between collectors: only its type is compared.)
import gc
data = [[i] * 3 for i in range(1000)]
del data
n = gc.collect()
print(type(n).__name__, n >= 0, gc.collect(2) >= 0, gc.collect(generation=0) >= 0)
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
total = sum(i * i for i in range(10000))
gc.enable()
print(gc.isenabled(), total)
print(gc.get_threshold(), len(gc.get_count()))
gc.set_threshold(1000, 20)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)
for bad in [lambda: gc.collect(3), lambda: gc.collect("x"), lambda: gc.isenabled(1)]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
