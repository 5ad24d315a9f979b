import time
t = time.gmtime(86400 * 365 + 3600 * 5 + 61)
print(t, t.tm_year, t[0], tuple(t), len(t), t.tm_yday, t.tm_wday)
print(time.strftime('%Y-%m-%d %H:%M:%S %a %A %b %B %j %p %I %y %w %U %W %%', t))
print(time.asctime(t), time.strftime('%c|%x|%X', t))
print(repr(time.struct_time((2020, 1, 2, 3, 4, 5, 3, 2, 0))))
print(time.gmtime(0), time.gmtime(1e9), time.gmtime(-86400.5))
for s in [0, 1700000000, 951782400, 2**31]:
    g = time.gmtime(s)
    print(time.strftime('%Y %j %U %W %w %u %e %C %D %F %T %R', g))
print(type(time.time()), time.mktime(time.localtime(1700000000)) == 1700000000.0, time.localtime(1700000000) == time.localtime(1700000000))
print(isinstance(time.timezone, int), isinstance(time.daylight, int), len(time.tzname), len(time.ctime()) == 24, len(time.asctime()) == 24)
print(time.perf_counter() > 0, time.monotonic() > 0, time.process_time() >= 0, time.time_ns() > 0)
for bad in [lambda: time.strftime(1), lambda: time.gmtime('x'), lambda: time.struct_time((1, 2)), lambda: time.strftime('%Y', (2020, 13, 1, 0, 0, 0, 0, 1, 0))]:
    try: bad()
    except Exception as e: print(type(e).__name__, e)
