# A small ray tracer: a Vector class with arithmetic special methods, spheres
# and a plane as objects with intersect/normal methods, point lights,
# shadows and one level of reflection. Prints a checksum of the image and a
# coarse ASCII rendering.
import math

N = 240


class Vector:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y, self.z - other.z)

    def __mul__(self, k):
        return Vector(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vector(-self.x, -self.y, -self.z)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def length(self):
        return math.sqrt(self.dot(self))

    def normalized(self):
        n = self.length()
        return Vector(self.x / n, self.y / n, self.z / n)

    def __repr__(self):
        return "Vector(%.3f, %.3f, %.3f)" % (self.x, self.y, self.z)


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.normalized()

    def at(self, t):
        return self.origin + self.direction * t


class Material:
    def __init__(self, color, diffuse=0.8, reflect=0.0):
        self.color = color
        self.diffuse = diffuse
        self.reflect = reflect


class Thing:
    def __init__(self, material):
        self.material = material

    def intersect(self, ray):
        raise NotImplementedError

    def normal_at(self, point):
        raise NotImplementedError


class Sphere(Thing):
    def __init__(self, center, radius, material):
        super().__init__(material)
        self.center = center
        self.radius2 = radius * radius

    def intersect(self, ray):
        oc = ray.origin - self.center
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius2
        disc = b * b - c
        if disc < 0:
            return None
        root = math.sqrt(disc)
        t = -b - root
        if t > 1e-6:
            return t
        t = -b + root
        return t if t > 1e-6 else None

    def normal_at(self, point):
        return (point - self.center).normalized()


class Plane(Thing):
    def __init__(self, normal, offset, material):
        super().__init__(material)
        self.normal = normal.normalized()
        self.offset = offset

    def intersect(self, ray):
        denom = self.normal.dot(ray.direction)
        if abs(denom) < 1e-9:
            return None
        t = -(self.normal.dot(ray.origin) + self.offset) / denom
        return t if t > 1e-6 else None

    def normal_at(self, point):
        return self.normal


class Scene:
    def __init__(self):
        self.things = []
        self.lights = []
        self.ambient = 0.1

    def add(self, thing):
        self.things.append(thing)
        return self

    def nearest(self, ray):
        best_t = None
        best = None
        for thing in self.things:
            t = thing.intersect(ray)
            if t is not None and (best_t is None or t < best_t):
                best_t, best = t, thing
        return best, best_t

    def shade(self, ray, depth=0):
        thing, t = self.nearest(ray)
        if thing is None:
            return Vector(0.2, 0.3, 0.5) * (0.5 + 0.5 * ray.direction.y)
        point = ray.at(t)
        normal = thing.normal_at(point)
        mat = thing.material
        color = mat.color * self.ambient
        for light_pos, intensity in self.lights:
            to_light = light_pos - point
            dist = to_light.length()
            to_light = to_light * (1.0 / dist)
            shadow, st = self.nearest(Ray(point, to_light))
            if shadow is not None and st < dist:
                continue
            lambert = normal.dot(to_light)
            if lambert > 0:
                color = color + mat.color * (lambert * mat.diffuse * intensity)
        if mat.reflect > 0 and depth < 2:
            d = ray.direction
            r = d - normal * (2 * d.dot(normal))
            color = color + mat.reflect * self.shade(Ray(point, r), depth + 1)
        return color


def clamp(x):
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def render(scene, width, height):
    eye = Vector(0.0, 1.0, -4.0)
    pixels = []
    for j in range(height):
        row = []
        for i in range(width):
            x = (i - width / 2) / width
            y = -(j - height / 2) / height
            ray = Ray(eye, Vector(x, y + 0.2, 1.0))
            c = scene.shade(ray)
            row.append((clamp(c.x), clamp(c.y), clamp(c.z)))
        pixels.append(row)
    return pixels


def main():
    scene = Scene()
    scene.add(Sphere(Vector(0.0, 1.0, 1.0), 1.0, Material(Vector(0.9, 0.2, 0.2), reflect=0.3)))
    scene.add(Sphere(Vector(-1.8, 0.6, 2.0), 0.6, Material(Vector(0.2, 0.9, 0.2))))
    scene.add(Sphere(Vector(1.6, 0.5, 0.5), 0.5, Material(Vector(0.2, 0.2, 0.9), reflect=0.5)))
    scene.add(Plane(Vector(0.0, 1.0, 0.0), 0.0, Material(Vector(0.8, 0.8, 0.8), diffuse=0.6, reflect=0.1)))
    scene.lights.append((Vector(-3.0, 5.0, -3.0), 0.8))
    scene.lights.append((Vector(3.0, 3.0, -2.0), 0.4))
    pixels = render(scene, N, N * 3 // 4)
    total = 0.0
    for row in pixels:
        for r, g, b in row:
            total += r * 0.299 + g * 0.587 + b * 0.114
    print("checksum %.6f" % total)
    shades = " .:-=+*#%@"
    step = max(1, N // 32)
    for row in pixels[::step * 2]:
        print("".join(shades[min(9, int((r + g + b) / 3 * 10))] for r, g, b in row[::step]))
    print(Vector(1, 2, 3) + Vector(0.5, 0.5, 0.5), 2 * Vector(1.0, 0.0, -1.0))


if __name__ == "__main__":
    main()
