#!/usr/bin/python3
"""Writes logreg_iris_reference.json: scikit-learn's multinomial logistic regression on iris.

Run with Debian's python3-sklearn: /usr/bin/python3 tests/data/learning/make_logreg_reference.py
The data (iris.csv) is a copy of sklearn/datasets/data/iris.csv (Fisher 1936) without its
header line; features are used as they are (no scaling).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

here = os.path.dirname(os.path.abspath(__file__))
data = np.loadtxt(os.path.join(here, "iris.csv"), delimiter=",")
X, y = data[:, :4], data[:, 4].astype(int)
out = {"sklearn_version": sklearn.__version__}
for c in (1.0, 0.1):
    model = LogisticRegression(C=c, multi_class="multinomial", solver="lbfgs", tol=1e-10,
                               max_iter=10000).fit(X, y)
    out["C=%g" % c] = {
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "proba_rows_0_50_100": model.predict_proba(X[[0, 50, 100]]).tolist(),
        "train_accuracy": float(model.score(X, y)),
    }
with open(os.path.join(here, "logreg_iris_reference.json"), "w") as f:
    json.dump(out, f, indent=1)
