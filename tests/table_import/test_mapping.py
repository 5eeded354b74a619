"""Headers to fields: other tools' names, five languages, the key column, saved mappings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wesog_desktop.domain.table_import import (
    ColumnMapping,
    SavedMappings,
    Table,
    complete_mapping,
    field_for,
    load_mapping,
    read_table,
    suggest_mapping,
)


def table(tmp_path: Path, header: list[str], *rows: list[str], name: str = "t.csv") -> Table:
    path = tmp_path / name
    lines = [header, *rows]
    path.write_text("".join(",".join(f'"{c}"' for c in r) + "\n" for r in lines), encoding="utf-8")
    return read_table(path, has_header=True)


def mapped(t: Table) -> dict[str, str]:
    m = suggest_mapping(t)
    return {t.columns[c]: f for c, f in sorted(m.targets.items())}


@pytest.mark.parametrize("header,field", [
    ("Description", "caption"), ("Tags", "keywords"), ("Artist", "author"), ("Creator", "author"),
    ("Photographer", "author"), ("By-line", "author"), ("Date Created", "date"), ("date_created", "date"),
    ("Sub-location", "location"), ("Object Name", "title"), ("Headline", "headline"), ("Credit", "provider"),
    ("City", "city"), ("Country-PrimaryLocationName", "country"), ("Mature content", "nsfw"),
    ("Categories", "categories"), ("THUMBNAIL_URL", "url_img_thumbnail"), ("Model Release", "model_release"),
])
def test_names_of_other_tools(header: str, field: str) -> None:
    assert field_for(header) == field


@pytest.mark.parametrize("header,field", [
    ("SourceFile", "id"), ("XMP:Title", "title"), ("XMP-dc:Title", "title"), ("IPTC:Keywords", "keywords"),
    ("IPTC:Caption-Abstract", "caption"), ("XMP:Description", "caption"), ("IPTC:By-line", "author"),
    ("IPTC:City", "city"), ("XMP:Subject", "keywords"), ("IPTC:ObjectName", "title"),
    ("EXIF:DateTimeOriginal", "date"), ("IPTC:Sub-location", "location"), ("XMP-dc:Creator", "author"),
])
def test_exiftool_csv_columns(header: str, field: str) -> None:
    assert field_for(header) == field


@pytest.mark.parametrize("header,field", [
    ("Título", "title"), ("Descripción", "caption"), ("Palabras clave", "keywords"), ("Fecha", "date"),
    ("Autor", "author"), ("Ciudad", "city"), ("País", "country"),
    ("Palavras-chave", "keywords"), ("Descrição", "caption"), ("Data", "date"), ("Cidade", "city"),
    ("Titre", "title"), ("Légende", "caption"), ("Mots-clés", "keywords"), ("Auteur", "author"), ("Ville", "city"),
    ("Название", "title"), ("Описание", "caption"), ("Ключевые слова", "keywords"), ("Дата", "date"),
    ("Автор", "author"), ("Город", "city"), ("Страна", "country"),
])
def test_spanish_portuguese_french_and_russian_headers(header: str, field: str) -> None:
    assert field_for(header) == field


def test_unknown_and_read_only_names_map_to_nothing() -> None:
    assert field_for("artistRole") is None
    assert field_for("width") is None  # pixels are computed by Wesog; a sheet's width is something else
    assert field_for("title (was)") is None


def test_the_tate_layout_maps_accession_number_as_the_key(tmp_path: Path) -> None:
    header = ["id", "accession_number", "artist", "title", "dateText", "medium", "width", "thumbnailUrl", "url"]
    t = table(tmp_path, header, ["1035", "A00001", "Robert Blake", "A Figure", "1785", "Ink", "394", "http://a/t", "http://a"])
    assert mapped(t) == {
        "accession_number": "id", "artist": "author", "title": "title", "dateText": "date",
        "medium": "medium", "thumbnailUrl": "url_img_thumbnail", "url": "src",
    }


def test_image_id_outranks_a_bare_id_and_a_file_name(tmp_path: Path) -> None:
    assert suggest_mapping(table(tmp_path, ["Filename", "id", "image_id"], ["a.jpg", "1", "X1"])).key == 2
    assert suggest_mapping(table(tmp_path, ["Filename", "ID", "Title"], ["a.jpg", "1", "t"])).key == 1
    assert suggest_mapping(table(tmp_path, ["Filename", "Description", "Keywords"], ["a.jpg", "d", "k"])).key == 0


def test_a_stock_agency_sheet(tmp_path: Path) -> None:
    header = ["Filename", "Description", "Keywords", "Categories", "Editorial", "Mature content", "illustration"]
    t = table(tmp_path, header, ["a.jpg", "A cat", "cat,pet", "Animals", "no", "no", "no"])
    assert mapped(t) == {"Filename": "id", "Description": "caption", "Keywords": "keywords",
                         "Categories": "categories", "Mature content": "nsfw"}
    assert suggest_mapping(t).separator(2) == ","


def test_the_first_column_of_a_field_wins_in_an_exiftool_sheet(tmp_path: Path) -> None:
    t = table(tmp_path, ["SourceFile", "XMP:Description", "IPTC:Caption-Abstract", "XMP:Subject", "IPTC:Keywords"],
              ["./a.jpg", "d", "d", "k1, k2", "k1, k2"])
    assert mapped(t) == {"SourceFile": "id", "XMP:Description": "caption", "XMP:Subject": "keywords"}


def test_a_table_without_header_uses_the_first_column_as_key(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text("IMG_1,Sunset\nIMG_2,Harbour\n", encoding="utf-8")
    t = read_table(path)
    assert suggest_mapping(t).targets == {0: "id"}


def test_a_field_is_fed_by_one_column_at_most() -> None:
    m = ColumnMapping(["a", "b", "c"])
    m.set_target(0, "title")
    m.set_target(1, "title")
    m.set_target(2, "id")
    assert m.targets == {1: "title", 2: "id"} and m.key == 2
    with pytest.raises(ValueError, match="width"):
        m.set_target(0, "width")


def test_a_suggested_date_order_comes_from_the_column(tmp_path: Path) -> None:
    t = table(tmp_path, ["id", "Fecha"], ["1", "03/04/2020"], ["2", "25/04/2020"])
    assert suggest_mapping(t).date_order == "dmy"


def test_saved_mappings_come_back_for_the_same_headers_only(tmp_path: Path) -> None:
    t = table(tmp_path, ["Ref", "Words", "When"], ["1", "a|b", "2020-01-01"])
    m = ColumnMapping(t.columns, list_modes={"keywords": "add"}, blank="clear", date_order="mdy")
    m.set_target(0, "id")
    m.set_target(1, "keywords")
    m.separators[1] = "|"
    store = SavedMappings(tmp_path / "config" / "mappings.json")
    assert store.find(t.columns) is None
    store.save(m)
    assert SavedMappings(store.path).find(["ref", "WORDS", "when"]) == ColumnMapping(
        ["ref", "WORDS", "when"], {0: "id", 1: "keywords"}, {1: "|"}, {"keywords": "add"}, "clear", "mdy")
    assert store.find(["Ref", "Words"]) is None


def test_a_damaged_store_is_reported_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "mappings.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot be read"):
        SavedMappings(path).find(["a"])
    assert path.read_text(encoding="utf-8") == "{not json"


def test_a_hand_written_mapping_file_applies_by_column_name(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"Ref": "id", "Words": "keywords", "Missing": "title"}), encoding="utf-8")
    m = load_mapping(path, ["Words", "Ref", "Other"])
    assert m.targets == {0: "keywords", 1: "id"}
    path.write_text(json.dumps({"Ref": "no_such_field"}), encoding="utf-8")
    with pytest.raises(ValueError, match="no_such_field"):
        load_mapping(path, ["Ref"])


def test_a_hand_mapped_list_column_gets_the_separator_its_cells_use(tmp_path: Path) -> None:
    t = table(tmp_path, ["Ref", "Stuff"], ["1", "a | b, c"], ["2", "d"])
    m = suggest_mapping(t)
    m.set_target(0, "id")
    m.set_target(1, "categories")
    complete_mapping(t, m)
    assert m.separator(1) == "|"
