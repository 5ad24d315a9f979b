# The os module (read-only parts) and os.path.
import os
import os.path
from os.path import join, splitext
from os import path as p

print(os.sep, repr(os.linesep), os.name, os.curdir, os.pardir, os.pathsep, os.extsep)
print(isinstance(os.environ, dict) or hasattr(os.environ, "get"), os.environ.get("W8_SURELY_UNSET_VAR"), os.getenv("W8_SURELY_UNSET_VAR", "dflt"))
print("PATH" in os.environ, isinstance(os.getcwd(), str), os.path.isabs(os.getcwd()))
print(isinstance(os.cpu_count(), int) and os.cpu_count() >= 1, isinstance(os.getpid(), int))
print(join("a", "b", "c.txt"), join("/usr", "/etc", "x"), join("a/", "b"), join("", "x"), os.path.join("a"))
print(splitext("archive.tar.gz"), splitext(".bashrc"), splitext("a/b.c/d"), splitext("x."), splitext("..."))
print(os.path.basename("/a/b/c.py"), os.path.basename("/a/b/"), os.path.dirname("/a/b/c.py"), os.path.dirname("c.py"), os.path.dirname("/c"))
print(os.path.split("/a/b/c"), os.path.split("c"), os.path.split("/"), os.path.split("//a//b"))
print(os.path.normpath("/a/./b/../c//d/"), os.path.normpath("../x/../../y"), os.path.normpath(""), os.path.normpath("//a"))
print(os.path.exists(os.getcwd()), os.path.isdir(os.getcwd()), os.path.isfile(os.getcwd()), os.path.exists("/no/such/path/w8"))
print(os.path.abspath("/a/b/../c"), os.path.relpath("/a/b/c", "/a"), os.path.relpath("/a", "/a/b/c"), os.path.commonprefix(["/usr/lib", "/usr/local"]))
print(p is os.path, os.path.expanduser("/abs"), os.path.expanduser("~x"), os.path.splitdrive("/a/b"), os.fspath("x"))
try:
    os.path.join("a", 5)
except TypeError as e:
    print("TypeError:", e)
try:
    os.path.getsize("/no/such/file/w8")
except FileNotFoundError as e:
    print("FileNotFoundError:", e)
try:
    os.listdir("/no/such/dir/w8")
except OSError as e:
    print("OSError:", type(e).__name__)
