# Game-tree search on connect-four-like boards (6 rows by 7 columns, four in a
# row wins): a Board class with move/undo, a win test, and an alpha-beta
# negamax with a transposition table keyed by the board's tuple state and
# move ordering from the center out.

N = 10

ROWS, COLS = 6, 7
ORDER = [3, 2, 4, 1, 5, 0, 6]


class Board:
    def __init__(self):
        self.cells = [0] * (ROWS * COLS)
        self.heights = [0] * COLS
        self.moves = []
        self.player = 1

    def can_play(self, col):
        return self.heights[col] < ROWS

    def play(self, col):
        row = self.heights[col]
        self.cells[row * COLS + col] = self.player
        self.heights[col] = row + 1
        self.moves.append(col)
        self.player = -self.player

    def undo(self):
        col = self.moves.pop()
        self.heights[col] -= 1
        self.cells[self.heights[col] * COLS + col] = 0
        self.player = -self.player

    def wins(self, col):
        """Would the last move in `col` make four in a row?"""
        row = self.heights[col] - 1
        who = self.cells[row * COLS + col]
        for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
            n = 1
            for sign in (1, -1):
                r, c = row + dr * sign, col + dc * sign
                while 0 <= r < ROWS and 0 <= c < COLS and self.cells[r * COLS + c] == who:
                    n += 1
                    r += dr * sign
                    c += dc * sign
            if n >= 4:
                return True
        return False

    def key(self):
        return tuple(self.cells)


class Searcher:
    def __init__(self):
        self.table = {}
        self.nodes = 0

    def negamax(self, board, depth, alpha, beta):
        self.nodes += 1
        key = board.key()
        hit = self.table.get(key)
        if hit is not None and hit[0] >= depth:
            return hit[1]
        if depth == 0:
            return 0
        best = -1000
        any_move = False
        for col in ORDER:
            if not board.can_play(col):
                continue
            any_move = True
            board.play(col)
            if board.wins(col):
                score = 100 + depth
            else:
                score = -self.negamax(board, depth - 1, -beta, -alpha)
            board.undo()
            if score > best:
                best = score
            if best > alpha:
                alpha = best
            if alpha >= beta:
                break
        if not any_move:
            best = 0
        self.table[key] = (depth, best)
        return best


def main():
    openings = [[], [3], [3, 3], [2, 4], [0, 6, 1], [3, 2, 3, 2]]
    total = 0
    for moves in openings:
        board = Board()
        for m in moves:
            board.play(m)
        s = Searcher()
        score = s.negamax(board, N, -1000, 1000)
        total += s.nodes
        print(moves, score, s.nodes, len(s.table))
    print("nodes", total)


if __name__ == "__main__":
    main()
