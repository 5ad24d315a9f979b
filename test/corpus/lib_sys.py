import sys
print(sys.version_info >= (3, 8), sys.version_info[:2], sys.version_info.major, sys.version_info.minor >= 11, sys.version_info[0] == 3)
major, minor, *rest = sys.version_info
print(major, minor, len(sys.version_info), isinstance(sys.version_info, tuple))
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.min, sys.float_info.dig, sys.float_info.mant_dig, sys.float_info[0])
print(sys.maxsize, sys.intern('ab'), sys.argv[1:] == [])
sys.stdout.write('x'); sys.stdout.write('y\n'); sys.stderr.write('to stderr\n')
print('to err', file=sys.stderr); sys.stdout.flush()
sys.exit(3)
