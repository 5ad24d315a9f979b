# Constraint propagation and search on sudoku grids: each cell holds a set of
# candidate digits; assignments eliminate digits from peers, and units with a
# single place for a digit force it. Dicts, sets, strings, recursion and
# exceptions for contradictions.

N = 12

DIGITS = "123456789"
ROWS = "ABCDEFGHI"


def cross(a, b):
    return [x + y for x in a for y in b]


CELLS = cross(ROWS, DIGITS)
UNITS = ([cross(ROWS, c) for c in DIGITS] +
         [cross(r, DIGITS) for r in ROWS] +
         [cross(rs, cs) for rs in ("ABC", "DEF", "GHI") for cs in ("123", "456", "789")])
UNITS_OF = {c: [u for u in UNITS if c in u] for c in CELLS}
PEERS = {c: set(sum(UNITS_OF[c], [])) - {c} for c in CELLS}


class Contradiction(Exception):
    pass


class Grid:
    def __init__(self, values=None):
        self.values = dict(values) if values is not None else {c: DIGITS for c in CELLS}
        self.steps = 0

    def copy(self):
        g = Grid(self.values)
        g.steps = self.steps
        return g

    def assign(self, cell, digit):
        for other in self.values[cell].replace(digit, ""):
            self.eliminate(cell, other)
        return self

    def eliminate(self, cell, digit):
        vals = self.values[cell]
        if digit not in vals:
            return
        vals = vals.replace(digit, "")
        self.values[cell] = vals
        self.steps += 1
        if not vals:
            raise Contradiction(cell)
        if len(vals) == 1:
            only = vals
            for peer in PEERS[cell]:
                self.eliminate(peer, only)
        for unit in UNITS_OF[cell]:
            places = [c for c in unit if digit in self.values[c]]
            if not places:
                raise Contradiction(digit)
            if len(places) == 1 and len(self.values[places[0]]) > 1:
                self.assign(places[0], digit)

    def solved(self):
        return all(len(self.values[c]) == 1 for c in CELLS)

    def __str__(self):
        lines = []
        for r in ROWS:
            lines.append(" ".join(self.values[r + c] if len(self.values[r + c]) == 1 else "." for c in DIGITS))
        return "\n".join(lines)


def parse(text):
    chars = [ch for ch in text if ch in DIGITS or ch in "0."]
    assert len(chars) == 81, len(chars)
    grid = Grid()
    for cell, ch in zip(CELLS, chars):
        if ch in DIGITS:
            grid.assign(cell, ch)
    return grid


def search(grid):
    if grid.solved():
        return grid
    n, cell = min((len(grid.values[c]), c) for c in CELLS if len(grid.values[c]) > 1)
    for digit in grid.values[cell]:
        try:
            result = search(grid.copy().assign(cell, digit))
        except Contradiction:
            continue
        if result is not None:
            return result
    return None


PUZZLES = [
    "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......",
    "52...6.........7.13...........4..8..6......5...........418.........3..2...87.....",
    "6.....8.3.4.7.................5.4.7.3..2.....1.6.......2.....5.....8.6......1....",
    "48.3............71.2.......7.5....6....2..8.............1.76...3.....4......5....",
    "....14....3....2...7..........9...3.6.1.............8.2.....1.4....5.6.....7.8...",
]


def main():
    total_steps = 0
    for k in range(N):
        for p in PUZZLES:
            try:
                g = search(parse(p))
            except Contradiction as e:
                print("unsolvable", e)
                continue
            total_steps += g.steps
            if k == 0:
                print(g)
                print()
    print("steps", total_steps)


if __name__ == "__main__":
    main()
