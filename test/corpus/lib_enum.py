# The enum module: Enum, IntEnum, StrEnum, auto, unique; lookups, iteration, membership, repr/str.
from enum import Enum, IntEnum, StrEnum, auto, unique
import enum


class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1  # an alias

    def describe(self):
        return self.name.lower() + "=" + str(self.value)

    @property
    def warm(self):
        return self in (Color.RED,)


print(Color.RED, repr(Color.GREEN), Color.BLUE.name, Color.BLUE.value)
print(Color(2), Color["BLUE"], Color.CRIMSON is Color.RED, Color(1).name)
print(list(Color), len(Color), [c.name for c in Color])
print(Color.RED in Color, Color.RED == Color.RED, Color.RED == 1, Color.RED != Color.BLUE)
print(Color.RED.describe(), Color.RED.warm, Color.GREEN.warm)
print(isinstance(Color.RED, Color), isinstance(Color.RED, Enum), type(Color.RED).__name__)
print(f"{Color.RED}", "{}".format(Color.GREEN), str(Color.BLUE), f"{Color.RED!r}")
print(list(Color.__members__), Color._member_names_)
d = {Color.RED: "stop", Color.GREEN: "go"}
print(d[Color.RED], d.get(Color.CRIMSON), sorted(d, key=lambda c: c.value))
try:
    Color(7)
except ValueError as e:
    print("ValueError:", e)
try:
    Color["PURPLE"]
except KeyError as e:
    print("KeyError:", e)


class Shape(Enum):
    CIRCLE = auto()
    SQUARE = auto()
    TRIANGLE = auto()

print(list(Shape), Shape.TRIANGLE.value, repr(Shape.SQUARE))


class Priority(IntEnum):
    LOW = 1
    MEDIUM = 5
    HIGH = 10

print(Priority.LOW, repr(Priority.HIGH), Priority.MEDIUM + 1, Priority.HIGH > Priority.LOW, Priority(5))
print(sorted([Priority.HIGH, Priority.LOW, Priority.MEDIUM]), Priority.LOW == 1, f"{Priority.HIGH}", int(Priority.MEDIUM) * 2)
print(max(Priority), [p.name for p in Priority], isinstance(Priority.LOW, int), Priority.LOW.value)


class Planet(Enum):
    MERCURY = (3.303e+23, 2.4397e6)
    EARTH = (5.976e+24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius

    @property
    def surface_gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)

for p in Planet:
    print(p.name, p.value, round(p.surface_gravity, 3))


class Mode(StrEnum):
    READ = auto()
    WRITE = "w"

print(Mode.READ, repr(Mode.WRITE), Mode.READ == "read", Mode("w"), Mode.READ.upper(), f"[{Mode.WRITE}]")


@unique
class Ok(Enum):
    A = 1
    B = 2

print(list(Ok))
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e:
    print("ValueError:", e)


class Weekday(Enum):
    MON = 1
    TUE = 2

    @classmethod
    def first(cls):
        return cls.MON

    def next(self):
        members = list(type(self))
        return members[(members.index(self) + 1) % len(members)]

print(Weekday.first(), Weekday.MON.next(), Weekday.TUE.next(), enum.Enum is Enum)
state = Weekday.MON
for _ in range(5):
    state = state.next()
print(state)
match Color.GREEN:
    case Color.RED:
        print("red")
    case Color.GREEN:
        print("green")
print(Color, repr(Priority), str(Mode), [Color, Shape], type(Color.RED) is Color)
try:
    @unique
    class Dup2(Enum):
        X = 1
        Y = 1
except ValueError as e:
    print("ValueError:", e)
