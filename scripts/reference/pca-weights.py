#!/usr/bin/env python3
"""Independent reference for PCAWeights (Sources/ReadinessScoring/COIN/PCAWeights.swift).

OECD/JRC Handbook §6.1 weights from numpy's eigh and factor_analyzer's varimax (which follows R's
`varimax(normalize=TRUE, eps=1e-5)`), on the synthetic data set the Swift test builds from the same
formulas. Run in a throwaway venv: `pip install numpy factor_analyzer`. Prints eigenvalues, the
number of factors, the rotated loadings and the weights; the test compares with these numbers.
"""
import math

import numpy as np
from factor_analyzer.rotator import Rotator


def data():
    rows = []
    for u in range(12):
        f1, f2 = math.sin(u), math.cos(1.7 * u)
        rows.append([
            f1 + 0.1 * math.cos(3 * u),
            2 * f1 + 0.2 * math.sin(5 * u),
            f1 - 0.3 * f2,
            f2 + 0.1 * math.sin(2 * u),
            3 * f2 - 0.2 * math.cos(7 * u),
        ])
    return np.array(rows)


def weights(x):
    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    r = np.corrcoef(z, rowvar=False)
    values, vectors = np.linalg.eigh(r)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    p = r.shape[0]
    keep = max(1, int(sum((values > 1) & (values / p > 0.1))))
    loadings = vectors[:, :keep] * np.sqrt(values[:keep])
    for k in range(keep):  # sign: each column sums to >= 0
        if loadings[:, k].sum() < 0:
            loadings[:, k] *= -1
    if keep > 1:
        loadings = Rotator(method="varimax", normalize=True, max_iter=1000, tol=1e-5).fit_transform(loadings)
    squared = loadings ** 2
    explained = squared.sum(axis=0)
    scaled = squared / explained
    best = scaled.argmax(axis=1)
    w = np.array([scaled[i, best[i]] * explained[best[i]] / explained.sum() for i in range(p)])
    return values, keep, loadings, w / w.sum()


if __name__ == "__main__":
    values, keep, loadings, w = weights(data())
    np.set_printoptions(precision=12, suppress=True)
    print("eigenvalues", values)
    print("factors", keep)
    print("loadings", loadings)
    print("weights", w)
