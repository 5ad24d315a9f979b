# statistics: means, medians, modes, spreads, quantiles; exact results as python3.
import statistics
from statistics import mean, median, mode, stdev, pstdev, variance, pvariance, fmean, StatisticsError
from fractions import Fraction

data = [2.75, 1.75, 1.25, 0.25, 0.5, 1.25, 3.5]
ints = [1, 2, 3, 4, 4, 5, 10]
print(mean(data), mean(ints), mean([1, 2, 3, 4]), mean([0.1] * 10), mean([Fraction(1, 3), Fraction(2, 3), 1]))
print(fmean(data), fmean(ints), fmean([3.5, 4.0, 5.25], weights=[1, 2, 3]) if False else fmean([1, 2]))
print(median(ints), median([1, 3, 5, 7]), statistics.median_low([1, 3, 5, 7]), statistics.median_high([1, 3, 5, 7]), median([2.5]))
print(mode(ints), mode(["red", "blue", "blue", "red", "green", "red"]), statistics.multimode("aabbbbccddddeeffffgg"))
print(stdev(data), pstdev(data), variance(data), pvariance(data))
print(stdev(ints), pstdev(ints), variance(ints), pvariance(ints), variance([Fraction(1, 4), Fraction(5, 4), 2]))
print(stdev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]), pstdev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]), variance(range(10)))
print(statistics.geometric_mean([54, 24, 36]), statistics.harmonic_mean([40, 60]), statistics.median_grouped([52, 52, 53, 54]))
print(statistics.quantiles([105, 129, 87, 86, 111, 111, 89, 81, 108, 92, 110, 100, 75, 105, 103, 109, 76, 119, 99, 91, 103, 129, 106, 101, 84, 111, 74, 87, 86, 103, 103, 106, 86, 111, 75, 87, 102, 121, 111, 88, 89, 101, 106, 95, 103, 107, 101, 81, 109, 104], n=10))
print(statistics.quantiles([1, 2, 3, 4, 5], n=4, method="inclusive"))
print(statistics.covariance([1, 2, 3, 4], [1, 3, 2, 5]), statistics.correlation([1, 2, 3, 4], [2, 4, 5, 9]), statistics.linear_regression([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]))
print(mean(iter([1, 2, 3])), median((5, 1, 3)), stdev(x / 10 for x in range(10)))
for bad in [lambda: mean([]), lambda: median([]), lambda: mode([]), lambda: stdev([1]), lambda: variance([]), lambda: pstdev([]), lambda: statistics.harmonic_mean([1, -1])]:
    try:
        print(bad())
    except StatisticsError as e:
        print("StatisticsError:", e)
try:
    mean(["a", "b"])
except TypeError as e:
    print("TypeError:", e)
print(issubclass(StatisticsError, ValueError))
