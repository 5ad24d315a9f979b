# str % x with x an instance: str.__mod__ formats it as the one argument, before
# the instance's own __rmod__; a str subclass's __rmod__ goes first.
class Plain:
    pass


class Shown:
    def __repr__(self):
        return "Shown()"

    def __str__(self):
        return "shown"


class Reflects:
    def __rmod__(self, other):
        return "rmod:" + other


class Text(str):
    def __rmod__(self, other):
        return "Text.__rmod__:" + other


print(("%s" % Plain())[:10], "%s|%r" % (Shown(), Shown()), "%s" % Shown())
print(("x%s" % Reflects())[:12])
print("%s" % Text("t"))
s = "%s-"
s %= Shown()
print(s)
for fmt in ("%d", "%s %s", "%(k)s"):
    try:
        print(fmt % Shown())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
