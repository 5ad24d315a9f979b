# argparse: the common add_argument forms, parse_args on lists and on sys.argv, errors.
import argparse
import sys

parser = argparse.ArgumentParser(description="A benchmark.")
parser.add_argument("-n", "--num", type=int, default=100, help="problem size")
parser.add_argument("--verbose", "-v", action="store_true")
parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
parser.add_argument("--scale", type=float, default=1.5)
parser.add_argument("-q", action="count", default=0)
parser.add_argument("--tag", action="append")
parser.add_argument("--no-cache", dest="cache", action="store_false")
parser.add_argument("--pair", nargs=2, type=int)
parser.add_argument("files", nargs="*")

print(parser.parse_args([]))
print(parser.parse_args(sys.argv[1:]))
args = parser.parse_args(["-n", "5", "-v", "--mode=slow", "a.txt", "b.txt", "-qq", "--tag", "x", "--tag=y", "--no-cache", "--pair", "3", "4"])
print(args.num, args.verbose, args.mode, args.files, args.q, args.tag, args.cache, args.pair, args.scale)
print(vars(parser.parse_args(["--num=7", "-n8", "--scale", "-2.5"])))
print(parser.parse_known_args(["--unknown", "x", "-n", "3"]))

p2 = argparse.ArgumentParser(prog="tool")
p2.add_argument("src")
p2.add_argument("dst", nargs="?", default="out")
p2.add_argument("--level", type=int, required=True)
print(p2.parse_args(["in.txt", "--level", "3"]))
print(p2.parse_args(["in.txt", "o.txt", "--level", "1"]))
ns = argparse.Namespace(a=1, b=[2])
print(ns, ns.a, "a" in ns, ns == argparse.Namespace(a=1, b=[2]))

p3 = argparse.ArgumentParser(prog="p3", exit_on_error=False)
p3.add_argument("--n", type=int)
try:
    p3.parse_args(["--n", "x"])
except argparse.ArgumentError as e:
    print("ArgumentError:", e)

for argv in (["--level", "3"], ["in", "--level", "zz"], ["in"], ["in", "--level", "1", "extra", "more"]):
    try:
        p2.parse_args(argv)
    except SystemExit as e:
        print("SystemExit", e.code)
p4 = argparse.ArgumentParser(prog="p4")
p4.add_argument("first")
p4.add_argument("-v", action="count", default=0)
p4.add_argument("rest", nargs="+")
print(p4.parse_args(["a", "-vv", "b", "c"]), p4.parse_args(["a", "b", "-v"]))
p4.print_usage()
hp = argparse.ArgumentParser(prog="bench", description="A benchmark.")
hp.add_argument("-n", "--num", type=int, default=100, help="problem size (default: %(default)s)")
hp.add_argument("--verbose", "-v", action="store_true", help="talk more")
hp.add_argument("--mode", choices=["fast", "slow"], default="fast")
hp.add_argument("files", nargs="*", help="input files")
hp.print_help()
