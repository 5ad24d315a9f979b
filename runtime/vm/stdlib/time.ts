// The time module, in Python over _time (interpreter/time-module.ts: the
// clocks and sleep, bound directly, and the calendar functions of
// interpreter/time-calendar.ts): struct_time is a tuple subclass with the
// tm_* fields and python3's repr.
export const TIME = String.raw`
from _time import time, time_ns, perf_counter, perf_counter_ns, monotonic, monotonic_ns, process_time, process_time_ns, sleep
import _time

_FIELDS = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec', 'tm_wday', 'tm_yday', 'tm_isdst')

class struct_time(tuple):
    __module__ = 'time'
    n_fields = 11
    n_sequence_fields = 9
    n_unnamed_fields = 0

    def __new__(cls, seq):
        seq = tuple(seq)
        if len(seq) < 9:
            raise TypeError('time.struct_time() takes an at least 9-sequence (' + str(len(seq)) + '-sequence given)')
        if len(seq) > 11:
            raise TypeError('time.struct_time() takes an at most 11-sequence (' + str(len(seq)) + '-sequence given)')
        return tuple.__new__(cls, seq[:9])

    tm_year = property(lambda self: self[0])
    tm_mon = property(lambda self: self[1])
    tm_mday = property(lambda self: self[2])
    tm_hour = property(lambda self: self[3])
    tm_min = property(lambda self: self[4])
    tm_sec = property(lambda self: self[5])
    tm_wday = property(lambda self: self[6])
    tm_yday = property(lambda self: self[7])
    tm_isdst = property(lambda self: self[8])

    def __repr__(self):
        return 'time.struct_time(' + ', '.join([_FIELDS[i] + '=' + repr(self[i]) for i in range(9)]) + ')'

timezone, altzone, daylight, _std, _dst = _time.zone()
daylight = int(daylight)
tzname = (_std, _dst)

def gmtime(secs=None):
    return struct_time(_time.gmtime(secs))

def localtime(secs=None):
    return struct_time(_time.localtime(secs))

def mktime(t):
    return _time.mktime(t)

def strftime(format, t=None):
    if t is None:
        return _time.strftime(format)
    return _time.strftime(format, t)

def asctime(t=None):
    if t is None:
        t = localtime()
    return _time.strftime('%a %b %e %H:%M:%S %Y', t)

def ctime(secs=None):
    return asctime(localtime(secs))
`;
