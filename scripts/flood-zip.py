#!/usr/bin/env python3
"""Writes the reject-flood zip of issue 11: a 21 MB ml-1m.zip whose
ratings.dat inflates (90:1, inside the zip-bomb limits) to 1.95 GB of the
same 256 ratings repeated, every 110th block shuffled so that it does not
compress too well. Standard library only.

    scripts/flood-zip.py OUT.zip [BYTES]      (default 1,950,000,000)

Used by tests/e2e/flood-bench.mjs and for the CLI:
    /usr/bin/time -v target/release/movielens report OUT.zip --quiet
"""
import random
import sys
import zipfile


def main():
    out = sys.argv[1]
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 1_950_000_000
    every = 110
    random.seed(7)
    users = "".join(f"{u}::M::25::1::12345\n" for u in range(1, 17))
    movies = "".join(f"{m}::Movie {m} (1999)::Drama\n" for m in range(1, 17))
    lines = [f"{u}::{m}::{(u + m) % 5 + 1}::978300760\n" for u in range(1, 17) for m in range(1, 17)]
    block = "".join(lines).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("ml-1m/users.dat", users)
        z.writestr("ml-1m/movies.dat", movies)
        with z.open("ml-1m/ratings.dat", "w", force_zip64=True) as f:
            written = 0
            i = 0
            while written < target:
                if i % every == 0:
                    shuffled = lines[:]
                    random.shuffle(shuffled)
                    chunk = "".join(shuffled).encode()
                else:
                    chunk = block
                f.write(chunk)
                written += len(chunk)
                i += 1


if __name__ == "__main__":
    main()
