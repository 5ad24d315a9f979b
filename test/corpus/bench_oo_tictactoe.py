# A board-game search: tic-tac-toe and a 4x4 variant solved by negamax
# with alpha-beta pruning and a transposition table keyed by board tuples,
# on a Board class with move generation and win detection.
N = 1


class Board:
    def __init__(self, size, cells=None):
        self.size = size
        self.cells = list(cells) if cells else [0] * (size * size)
        self.lines = self._lines()

    def _lines(self):
        n = self.size
        lines = [[r * n + c for c in range(n)] for r in range(n)]
        lines += [[r * n + c for r in range(n)] for c in range(n)]
        lines.append([i * n + i for i in range(n)])
        lines.append([i * n + (n - 1 - i) for i in range(n)])
        return lines

    def winner(self):
        for line in self.lines:
            first = self.cells[line[0]]
            if first and all(self.cells[i] == first for i in line):
                return first
        return 0

    def moves(self):
        return [i for i, v in enumerate(self.cells) if v == 0]

    def play(self, i, player):
        self.cells[i] = player

    def undo(self, i):
        self.cells[i] = 0

    def key(self, player):
        return (tuple(self.cells), player)


class Solver:
    def __init__(self):
        self.table = {}
        self.nodes = 0

    def negamax(self, board, player, alpha, beta, depth):
        self.nodes += 1
        w = board.winner()
        if w:
            return (100 - depth) if w == player else -(100 - depth)
        moves = board.moves()
        if not moves:
            return 0
        key = board.key(player)
        if key in self.table:
            return self.table[key]
        best = -1000
        for m in moves:
            board.play(m, player)
            score = -self.negamax(board, -player, -beta, -alpha, depth + 1)
            board.undo(m)
            if score > best:
                best = score
            if best > alpha:
                alpha = best
            if alpha >= beta:
                break
        if alpha < beta:
            self.table[key] = best
        return best

    def best_move(self, board, player):
        best, best_score = None, -1000
        for m in board.moves():
            board.play(m, player)
            score = -self.negamax(board, -player, -1000, 1000, 1)
            board.undo(m)
            if score > best_score:
                best, best_score = m, score
        return best, best_score


solver = Solver()
b = Board(3)
print(solver.best_move(b, 1), solver.nodes, len(solver.table))
game = Board(3)
player = 1
while game.winner() == 0 and game.moves():
    m, s = Solver().best_move(game, player)
    game.play(m, player)
    player = -player
print(game.cells, game.winner())
for _ in range(N):
    s4 = Solver()
    b4 = Board(4, [1, -1, 1, 0, 0, -1, 0, 0, 1, 0, -1, 0, 0, 0, 0, 0])
    print(s4.best_move(b4, 1), s4.nodes)
