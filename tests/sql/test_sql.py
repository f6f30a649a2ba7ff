"""The report as SQL, run for real: `movielens sql` over the files of
`movielens export --parquet`, in DuckDB and in Spark (local mode), against
`movielens report --json` on the same generated (dirty) data. Counts must
be equal, means and spreads within 1e-9, top lists in the same order.

Run with the venv that scripts/setup.sh --test makes:
    ~/.cache/movielens/venv/bin/python -m unittest discover -s tests/sql -v
Environment: MOVIELENS (the binary; default target/release/movielens),
SQL_TEST_RATINGS (default 30000), SQL_TEST_MIN_RATINGS (default 20).
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("MOVIELENS", os.path.join(ROOT, "target", "release", "movielens"))
RATINGS = int(os.environ.get("SQL_TEST_RATINGS", "30000"))
# Low enough that the top-by-mean, damped, divisive and gender-gap lists
# are full at this size.
MIN_RATINGS = int(os.environ.get("SQL_TEST_MIN_RATINGS", "20"))
EPS = 1e-9


def run(*args):
    return subprocess.run([BIN, *args], check=True, capture_output=True, text=True).stdout


class Data:
    """One generated dataset, its report and its export, shared by the tests."""

    dir = None

    @classmethod
    def get(cls):
        if cls.dir is None:
            cls.dir = tempfile.mkdtemp(prefix="movielens-sql-")
            src, out = os.path.join(cls.dir, "data"), os.path.join(cls.dir, "out")
            run("generate", "--out", src, "--ratings", str(RATINGS), "--dirty", "--seed", "9")
            run("report", src, "--json", os.path.join(cls.dir, "report.json"),
                "--min-ratings", str(MIN_RATINGS), "--quiet")
            run("export", src, "--parquet", out)
            with open(os.path.join(cls.dir, "report.json")) as f:
                cls.report = json.load(f)
            cls.out = out
        return cls


def statements(script):
    """(key or None, statement) for each statement of the script: a query
    follows a `-- report: KEY` line; statements end with `;` at a line end."""
    out, key, lines = [], None, []
    for line in script.splitlines():
        if line.startswith("-- report: "):
            key = line[len("-- report: "):].strip()
        elif line.startswith("--") or not line.strip():
            continue
        else:
            lines.append(line)
            if line.rstrip().endswith(";"):
                out.append((key, "\n".join(lines).rstrip()[:-1]))
                key, lines = None, []
    assert not lines, "a statement without its final `;`"
    return out


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= EPS


class Checks:
    """The comparisons, one per report key; `self.results` maps a key to the
    rows (dicts) its query gave."""

    def rows(self, key):
        self.assertIn(key, self.results, f"no query for {key}")
        return self.results[key]

    def assert_rows(self, key, expected, fields, floats=()):
        got = self.rows(key)
        self.assertEqual(len(got), len(expected), f"{key}: {len(got)} rows, report {len(expected)}")
        for i, (g, e) in enumerate(zip(got, expected)):
            for f in fields:
                if f in floats:
                    self.assertTrue(close(g[f], e[f]), f"{key}[{i}].{f}: {g[f]!r} vs report {e[f]!r}")
                else:
                    self.assertEqual(str(g[f]), str(e[f]), f"{key}[{i}].{f}")

    def test_every_key_has_a_query(self):
        self.assertEqual(set(self.results), {
            "summary", "rating_histogram", "by_gender", "by_age", "by_occupation", "by_genre",
            "by_month", "by_year", "top_by_count", "top_by_mean", "top_by_damped",
            "most_divisive", "movies_with_min_ratings", "gender_gap", "weekhour"})

    def test_summary(self):
        [got] = self.rows("summary")
        want = self.data.report["summary"]
        for k in ["users", "movies", "ratings", "rated_movies", "first_ts", "last_ts",
                  "rejected", "rejects_listed"]:
            self.assertEqual(got[k], want[k], k)
        self.assertTrue(close(got["mean_rating"], want["mean_rating"]))
        self.assertGreater(want["rejected"], 0, "the data is dirty")

    def test_rating_histogram(self):
        got = {r["key"]: r["ratings"] for r in self.rows("rating_histogram")}
        want = {k: v for k, v in self.data.report["rating_histogram"].items() if v}
        self.assertEqual(got, want)

    def test_user_breakdowns(self):
        for key in ["by_gender", "by_age", "by_occupation"]:
            want = [b for b in self.data.report[key] if b["ratings"]]
            self.assertGreater(len(want), 1, key)
            self.assert_rows(key, want, ["key", "ratings", "mean"], floats={"mean"})

    def test_by_genre(self):
        want = sorted((g for g in self.data.report["by_genre"] if g["movies"]), key=lambda g: g["key"])
        self.assert_rows("by_genre", want, ["key", "movies", "ratings", "mean"], floats={"mean"})

    def test_by_month_and_year(self):
        self.assert_rows("by_month", self.data.report["by_month"], ["key", "ratings", "mean"],
                         floats={"mean"})
        self.assert_rows("by_year", self.data.report["by_year"],
                         ["year", "ratings", "mean", "movies"], floats={"mean"})

    def test_top_lists(self):
        for key in ["top_by_count", "top_by_mean", "top_by_damped", "most_divisive"]:
            want = self.data.report[key]
            self.assertEqual(len(want), 10, f"{key}: the report's list is full")
            self.assert_rows(key, want, ["movie_id", "title", "ratings", "mean", "std", "damped"],
                             floats={"mean", "std", "damped"})

    def test_movies_with_min_ratings(self):
        [got] = self.rows("movies_with_min_ratings")
        want = self.data.report["movies_with_min_ratings"]
        self.assertGreater(want, 10)
        self.assertEqual(got["movies_with_min_ratings"], want)

    def test_gender_gap(self):
        want = self.data.report["gender_gap"]
        self.assertEqual(len(want), 10)
        self.assert_rows("gender_gap", want,
                         ["movie_id", "ratings_f", "ratings_m", "mean_f", "mean_m", "diff"],
                         floats={"mean_f", "mean_m", "diff"})

    def test_weekhour(self):
        got = {r["key"]: r["ratings"] for r in self.rows("weekhour")}
        want = {i: n for i, n in enumerate(self.data.report["weekhour"]) if n}
        self.assertEqual(got, want)


class DuckDbTest(Checks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import duckdb

        cls.data = Data.get()
        script = run("sql", "--dialect", "duckdb", "--path", cls.data.out,
                     "--min-ratings", str(MIN_RATINGS))
        t0 = time.time()
        con = duckdb.connect()
        cls.results = {}
        for key, sql in statements(script):
            cur = con.execute(sql)
            if key:
                names = [d[0] for d in cur.description]
                cls.results[key] = [dict(zip(names, row)) for row in cur.fetchall()]
        con.close()
        print(f"\nDuckDB {duckdb.__version__}: {len(cls.results)} queries in {time.time() - t0:.2f} s")


class SparkTest(Checks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from pyspark.sql import SparkSession
        import pyspark

        cls.data = Data.get()
        script = run("sql", "--dialect", "spark", "--path", cls.data.out,
                     "--min-ratings", str(MIN_RATINGS))
        t0 = time.time()
        # One session for every query; small data: two shuffle partitions, no UI.
        spark = (SparkSession.builder.master("local[2]").appName("movielens-sql-test")
                 .config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false")
                 .config("spark.sql.shuffle.partitions", "2")
                 .config("spark.driver.memory", "1g")
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        t1 = time.time()
        cls.results = {}
        try:
            for key, sql in statements(script):
                df = spark.sql(sql)
                if key:
                    cls.results[key] = [r.asDict() for r in df.collect()]
        finally:
            spark.stop()
        print(f"\nSpark {pyspark.__version__}: session {t1 - t0:.1f} s, "
              f"{len(cls.results)} queries in {time.time() - t1:.1f} s")


def tearDownModule():
    if Data.dir and not os.environ.get("SQL_TEST_KEEP"):
        shutil.rmtree(Data.dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
