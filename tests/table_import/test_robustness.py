"""Whatever bytes a file holds, reading it ends in a table or a ``TableReadError``, never a crash."""

from __future__ import annotations

import codecs
import gzip
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wesog_desktop.domain.table_import import TableReadError, build_preview, read_table, suggest_mapping


def _zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", data)
    return out.getvalue()


_PREFIXES = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"id,title\n",
                             b"id;keywords;date\r\n", b'"', b"PK\x03\x04"])
_BYTES = st.one_of(
    st.builds(lambda p, b: p + b, _PREFIXES, st.binary(max_size=600)),
    st.binary(max_size=300).map(gzip.compress),
    st.binary(max_size=300).map(_zip),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bytes")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_BYTES)
def test_arbitrary_bytes_never_crash_the_reader(folder: Path, data: bytes) -> None:
    path = folder / "any.csv"
    path.write_bytes(data)
    try:
        table = read_table(path)
    except TableReadError as exc:
        assert str(exc).startswith(("any.csv", "'")), exc
        return
    mapping = suggest_mapping(table)
    if mapping.key is not None:
        preview = build_preview(table, mapping, lambda i: {"id": i, "title": "x"})
        assert preview.rows == table.row_count
