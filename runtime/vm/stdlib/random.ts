// The random module, in Python over _random (interpreter/random-module.ts):
// the module's functions are _random's builtins themselves (no Python frame
// per call), and random.Random instances each own a generator of _random
// (by handle) with the same methods.
export const RANDOM = String.raw`
from _random import (seed, random, getrandbits, randrange, randint, uniform, triangular, gauss,
    normalvariate, lognormvariate, expovariate, vonmisesvariate, gammavariate, betavariate,
    paretovariate, weibullvariate, choice, shuffle, sample, choices, getstate, setstate)
import _random

_ONE = 1

class Random:
    """Random number generator base class used by bound module functions."""
    __module__ = 'random'
    VERSION = 3

    def __init__(self, x=None):
        self._g = _random.new_generator()
        _random.i_seed(self._g, x)

    def seed(self, a=None, version=2):
        _random.i_seed(self._g, a, version)

    def getstate(self):
        return _random.i_getstate(self._g)

    def setstate(self, state):
        _random.i_setstate(self._g, state)

    def random(self):
        return _random.i_random(self._g)

    def getrandbits(self, k):
        return _random.i_getrandbits(self._g, k)

    def randrange(self, start, stop=None, step=_ONE):
        if step is _ONE:
            return _random.i_randrange(self._g, start, stop)
        return _random.i_randrange(self._g, start, stop, step)

    def randint(self, a, b):
        return _random.i_randint(self._g, a, b)

    def choice(self, seq):
        return _random.i_choice(self._g, seq)

    def shuffle(self, x):
        _random.i_shuffle(self._g, x)

    def sample(self, population, k, *, counts=None):
        return _random.i_sample(self._g, population, k, counts=counts)

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        return _random.i_choices(self._g, population, weights, cum_weights=cum_weights, k=k)

    def uniform(self, a, b):
        return _random.i_uniform(self._g, a, b)

    def triangular(self, low=0.0, high=1.0, mode=None):
        return _random.i_triangular(self._g, low, high, mode)

    def gauss(self, mu=0.0, sigma=1.0):
        return _random.i_gauss(self._g, mu, sigma)

    def normalvariate(self, mu=0.0, sigma=1.0):
        return _random.i_normalvariate(self._g, mu, sigma)

    def lognormvariate(self, mu, sigma):
        return _random.i_lognormvariate(self._g, mu, sigma)

    def expovariate(self, lambd):
        return _random.i_expovariate(self._g, lambd)

    def vonmisesvariate(self, mu, kappa):
        return _random.i_vonmisesvariate(self._g, mu, kappa)

    def gammavariate(self, alpha, beta):
        return _random.i_gammavariate(self._g, alpha, beta)

    def betavariate(self, alpha, beta):
        return _random.i_betavariate(self._g, alpha, beta)

    def paretovariate(self, alpha):
        return _random.i_paretovariate(self._g, alpha)

    def weibullvariate(self, alpha, beta):
        return _random.i_weibullvariate(self._g, alpha, beta)
`;
