"""The field registry: every Wesog image field declared once.

One `Field` drives the table columns, the editors, the CSV mapping, the PATCH body
and the emulator's validation. Values inside the app are plain Python:

- text kinds (TEXT, LONG_TEXT, ENUM, URL, DATE): ``str`` or ``None``
- FLAG: ``bool`` or ``None`` (None means unknown)
- LIST: ``list[str]`` (an empty list is a cleared list) or ``None``
- INT (read only): ``int`` or ``None``

Values that come from the server are kept exactly as the server sent them, even when they
would not pass validation (the Tate catalog has dates such as ``c.1935``); validation applies
to what the user enters and to what the app sends.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from wesog_desktop.domain import values


class FieldKind(enum.Enum):
    ID = "id"
    TEXT = "text"
    LONG_TEXT = "long text"
    FLAG = "flag"
    DATE = "date"
    ENUM = "enum"
    URL = "url"
    LIST = "list"
    INT = "int"


Value = str | bool | int | list[str] | None

STATUS_VALUES = ("Active", "Withdrawn", "Reserved", "RDA Only")


@dataclass(frozen=True, slots=True)
class Field:
    """One Wesog image field.

    ``name`` is the wire name, ``label`` the column title, ``aliases`` the extra header
    names a CSV column may carry for this field (matching ignores case and punctuation).
    ``clearable`` False means the field may be changed but never emptied.
    """

    name: str
    label: str
    kind: FieldKind
    description: str = ""
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    read_only: bool = False
    clearable: bool = True
    width: int = 140
    hidden: bool = field(default=False)

    @property
    def writable(self) -> bool:
        return not self.read_only and self.kind is not FieldKind.ID

    @property
    def is_list(self) -> bool:
        return self.kind is FieldKind.LIST

    def parse(self, text: str) -> Value:
        """Turn what a user typed into a value, or raise ``ValueError`` with the reason."""
        return values.parse(self.kind.value, text, self.choices)

    def validate(self, value: Value) -> str | None:
        """The reason ``value`` may not be sent for this field, or None when it may.

        ``None`` (a clear) is refused only for a field that is not ``clearable``.
        """
        if value is None:
            return None if self.clearable else f"the {self.label[:1].lower()}{self.label[1:]} cannot be cleared"
        return values.validate(self.kind.value, value)

    def format(self, value: Value) -> str:
        """The text shown in a cell (and written to a CSV) for ``value``."""
        return values.format_value(self.kind.value, value)

    def normalize(self, value: Value) -> Value:
        """The canonical form of a valid value (trimmed URL, de-duplicated list...)."""
        return values.normalize(self.kind.value, value)


K = FieldKind

FIELDS: tuple[Field, ...] = (
    Field("id", "ID", K.ID, "The image ID",
          aliases=("image_id", "image id", "accession_number", "id", "identifier", "identificador",
                   "identifiant", "идентификатор", "filename", "file name", "sourcefile",
                   "nombre de archivo", "nome do arquivo", "nom de fichier", "имя файла"),
          read_only=True, width=90),
    Field("title", "Title", K.TEXT, "Shorthand reference",
          aliases=("object name", "título", "titre", "название", "заглавие"),
          width=200),
    Field("headline", "Headline", K.TEXT, "Short description",
          aliases=("titular", "manchete", "titre principal", "заголовок"),
          width=200),
    Field("caption", "Caption", K.LONG_TEXT, "Long description",
          aliases=("description", "caption-abstract", "image description", "descripción", "leyenda",
                   "descrição", "legenda", "légende", "описание", "подпись"),
          width=260),
    Field("alt_text", "Alt text", K.LONG_TEXT, "Accessibility description",
          aliases=("alt", "alt text accessibility", "texto alternativo", "texte alternatif",
                   "альтернативный текст"),
          width=200),
    Field("keywords", "Keywords", K.LIST, "Keywords",
          aliases=("tags", "subject", "palabras clave", "etiquetas", "palavras-chave", "mots-clés",
                   "étiquettes", "ключевые слова", "теги", "метки"),
          width=220),
    Field("categories", "Categories", K.LIST, "Categories",
          aliases=("category", "supplemental categories", "categoría", "categorías", "categoria",
                   "categorias", "catégorie", "catégories", "категория", "категории"),
          width=180),
    Field("collections", "Collections", K.LIST, "Collections",
          aliases=("collection", "colección", "colecciones", "coleção", "coleções", "коллекция",
                   "коллекции"),
          width=160),
    Field("date", "Date", K.DATE, "Capture date, YYYY-MM-DD",
          aliases=("date created", "date taken", "date time original", "create date", "date text", "fecha",
                   "fecha de creación", "data", "data de criação", "date de création",
                   "date de prise de vue", "дата", "дата съёмки", "дата создания"),
          width=100),
    Field("author", "Author", K.TEXT, "Photographer or creator",
          aliases=("artist", "creator", "photographer", "by-line", "autor", "artista", "fotógrafo",
                   "auteur", "artiste", "photographe", "автор", "художник", "фотограф"),
          width=150),
    Field("city", "City", K.TEXT, "City",
          aliases=("ciudad", "cidade", "ville", "город"),
          width=110),
    Field("country", "Country", K.TEXT, "Country",
          aliases=("country-primary location name", "country name", "país", "pays", "страна"),
          width=110),
    Field("location", "Location", K.TEXT, "Detailed place: street, landmark",
          aliases=("sub-location", "place", "ubicación", "lugar", "localização", "local", "lieu", "место",
                   "местоположение"),
          width=140),
    Field("event", "Event", K.TEXT, "Related event",
          aliases=("evento", "événement", "событие"),
          width=130),
    Field("status", "Status", K.ENUM, "Availability",
          aliases=("estado", "situação", "statut", "статус"),
          choices=STATUS_VALUES, width=90),
    Field("model_release", "Model release", K.FLAG, "A model release exists",
          aliases=("model released", "autorización de modelo", "autorização de modelo",
                   "autorisation de modèle", "разрешение модели"),
          width=70),
    Field("property_release", "Property release", K.FLAG, "A property release exists",
          aliases=("property released", "autorización de propiedad", "autorização de propriedade",
                   "autorisation de propriété", "разрешение на съёмку собственности"),
          width=70),
    Field("nsfw", "NSFW", K.FLAG, "Not safe for work",
          aliases=("mature content", "adult content", "contenido para adultos", "conteúdo adulto",
                   "contenu pour adultes", "для взрослых"),
          width=60),
    Field("ai_generated", "AI generated", K.FLAG, "Made by a generative AI",
          aliases=("ai", "generative ai", "generado por ia", "gerado por ia", "généré par ia",
                   "создано ии"),
          width=70),
    Field("provider", "Provider", K.TEXT, "Provider ID or name",
          aliases=("credit", "crédito", "crédit", "proveedor", "fornecedor", "fournisseur", "поставщик"),
          width=110),
    Field("shot", "Shot", K.TEXT, "Shot type",
          aliases=("shot type", "plano", "tipo de plano", "cadrage", "план"),
          width=100),
    Field("scene", "Scene", K.TEXT, "Scene",
          aliases=("escena", "cena", "scène", "сцена"),
          width=110),
    Field("technique", "Technique", K.TEXT, "Technique",
          aliases=("técnica", "техника"),
          width=140),
    Field("medium", "Medium", K.TEXT, "Medium",
          aliases=("medio", "soporte", "meio", "suporte", "support", "médium", "материал"),
          width=160),
    Field("src", "Source URL", K.URL, "The image the AI works on",
          aliases=("url", "image url", "url de origen", "url de origem", "url source", "url источника"),
          clearable=False, width=160),
    Field("url_img_thumbnail", "Thumbnail URL", K.URL, "URL of a thumbnail",
          aliases=("thumbnail", "thumbnail url", "miniatura", "url de miniatura", "vignette", "miniature",
                   "миниатюра", "превью"),
          width=160),
    Field("url_img_watermark", "Watermark URL", K.URL, "URL of a watermarked copy",
          aliases=("watermark", "watermark url", "marca de agua", "marca d'água", "filigrane",
                   "водяной знак"),
          width=160),
    Field("width", "Width", K.INT, "Pixels, computed by Wesog", read_only=True, width=60),
    Field("height", "Height", K.INT, "Pixels, computed by Wesog", read_only=True, width=60),
    Field("n_faces", "Faces", K.INT, "Faces found by Wesog", read_only=True, width=50),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
WRITABLE: tuple[Field, ...] = tuple(f for f in FIELDS if f.writable)
WRITABLE_NAMES: frozenset[str] = frozenset(f.name for f in WRITABLE)
READ_ONLY_NAMES: frozenset[str] = frozenset(f.name for f in FIELDS if f.read_only)
LIST_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.is_list)
FLAG_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.kind is FieldKind.FLAG)


def get(name: str) -> Field:
    """The field called ``name``; ``KeyError`` for an unknown name."""
    return BY_NAME[name]


def sendable(name: str, value: Value) -> Value:
    """``value`` as it may be sent for field ``name``: normalised, a date as ``YYYY-MM-DD``.

    ``ValueError`` says why it may not be sent: an unknown or read-only field, a clear of a
    field that is not clearable, or a value the field does not accept (named by the field).
    """
    field = BY_NAME.get(name)
    if field is None:
        raise ValueError(f"'{name}' is not a Wesog field")
    if not field.writable:
        raise ValueError(f"'{name}' is computed by Wesog and cannot be written")
    if field.kind is FieldKind.DATE and isinstance(value, str) and value.strip():
        try:
            value = values.parse_date(value.strip())
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    reason = field.validate(value)
    if reason:
        raise ValueError(reason if value is None else f"{name}: {reason}")
    return field.normalize(value)
