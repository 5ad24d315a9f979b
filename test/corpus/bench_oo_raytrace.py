# A small ray tracer: a Vector class with operator overloading (__add__,
# __sub__, __mul__ with __rmul__, __neg__, dot, norm), spheres and planes,
# diffuse shading with a point light and shadows, rendered to ASCII art.
import math

N = 24


class Vector:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vector(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vector(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vector(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vector(-self.x, -self.y, -self.z)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def norm(self):
        return math.sqrt(self.dot(self))

    def unit(self):
        return self * (1.0 / self.norm())


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.unit()

    def at(self, t):
        return self.origin + t * self.direction


class Sphere:
    def __init__(self, center, radius, shade):
        self.center = center
        self.radius = radius
        self.shade = shade

    def intersect(self, ray):
        oc = ray.origin - self.center
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        root = math.sqrt(disc)
        t = -b - root
        if t < 1e-6:
            t = -b + root
        return t if t > 1e-6 else None

    def normal(self, p):
        return (p - self.center).unit()


class Plane:
    def __init__(self, point, normal, shade):
        self.point = point
        self.n = normal.unit()
        self.shade = shade

    def intersect(self, ray):
        denom = self.n.dot(ray.direction)
        if abs(denom) < 1e-9:
            return None
        t = (self.point - ray.origin).dot(self.n) / denom
        return t if t > 1e-6 else None

    def normal(self, p):
        return self.n


class Scene:
    def __init__(self):
        self.objects = [
            Sphere(Vector(0.0, 1.0, 5.0), 1.0, 0.9),
            Sphere(Vector(-1.8, 0.6, 6.0), 0.6, 0.7),
            Sphere(Vector(1.6, 0.5, 4.0), 0.5, 0.5),
            Plane(Vector(0.0, 0.0, 0.0), Vector(0.0, 1.0, 0.0), 0.4),
        ]
        self.light = Vector(-3.0, 6.0, 1.0)

    def hit(self, ray):
        best = None
        best_t = 1e30
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and t < best_t:
                best, best_t = obj, t
        return best, best_t

    def shade(self, ray):
        obj, t = self.hit(ray)
        if obj is None:
            return 0.0
        p = ray.at(t)
        n = obj.normal(p)
        to_light = self.light - p
        dist = to_light.norm()
        shadow_ray = Ray(p + 0.001 * n, to_light)
        blocker, bt = self.hit(shadow_ray)
        if blocker is not None and bt < dist:
            return 0.1 * obj.shade
        lambert = max(0.0, n.dot(to_light.unit()))
        return obj.shade * (0.15 + 0.85 * lambert)


def render(size):
    scene = Scene()
    eye = Vector(0.0, 1.2, 0.0)
    chars = " .:-=+*#%@"
    total = 0.0
    rows = []
    for j in range(size):
        row = []
        for i in range(size * 2):
            x = (i - size) / size
            y = (size / 2 - j) / size
            v = scene.shade(Ray(eye, Vector(x, y, 1.0)))
            total += v
            row.append(chars[min(9, int(v * 10))])
        rows.append("".join(row))
    return rows, total


rows, total = render(N)
for r in rows:
    print(r)
print("checksum", round(total, 6))
