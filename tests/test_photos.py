"""Photos: resized into a few widths, shown with srcset, lazy loading and their size, and stripped of ALL metadata."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import FIXTURES
from tests.sitetools import html
from wijkgen.build import BuildResult
from wijkgen.load.photos import inspect
from wijkgen.model.photos import WIDTHS, sizes

GPS_IFD = 0x8825
SOURCE_JPEG = FIXTURES / "full/content/oostwijk/collectieven/zonnepanelen.jpg"
SOURCE_PNG = FIXTURES / "full/content/oostwijk/nieuws/plein.png"
COLLECTIVE = "oostwijk/collectieven/energiecooperatie"
NEWS = "oostwijk/nieuws/2021-03-01-droomsessie"


@pytest.fixture(scope="module")
def site(full_site: Path) -> Path:
    return full_site  # built once for the whole run


def jpeg_segments(data: bytes) -> list[int]:
    """The marker of every segment before the image data of a JPEG file."""
    assert data[:2] == b"\xff\xd8"
    markers, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF
        marker = data[i + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        i += 2 + length
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    """The type of every chunk of a PNG file."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, i = [], 8
    while i < len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        chunks.append(data[i + 4 : i + 8])
        i += 12 + length
    return chunks


def test_fixtures_really_carry_gps() -> None:
    for source in (SOURCE_JPEG, SOURCE_PNG):
        with Image.open(source) as image:
            exif = image.getexif()
            assert exif.get_ifd(GPS_IFD)[2] == (52.0, 21.0, 54.12), source
            assert exif[0x0112] == 6
    # The segment and chunk readers below see that metadata, so they would see it in a copy too.
    assert 0xE1 in jpeg_segments(SOURCE_JPEG.read_bytes())
    assert {b"tEXt", b"eXIf"} <= set(png_chunks(SOURCE_PNG.read_bytes()))


def test_copies_have_no_metadata_at_all(site: Path) -> None:
    copies = sorted((site / COLLECTIVE).glob("*.jpg")) + sorted((site / NEWS).glob("*.png"))
    assert [p.name for p in copies] == ["zonnepanelen-480.jpg", "zonnepanelen-800.jpg", "plein-480.png",
                                        "plein-640.png"]
    for path in copies:
        with Image.open(path) as image:
            assert len(image.getexif()) == 0, path
            assert image.getexif().get_ifd(GPS_IFD) == {}, path
            assert not {"exif", "icc_profile", "xmp", "Author", "Comment", "comment"} & set(image.info), path
        data = path.read_bytes()
        if path.suffix == ".jpg":
            # Only JFIF (APP0), tables, frame header and scan: no APP1 (EXIF/XMP), APP2 (ICC) or COM.
            markers = jpeg_segments(data)
            assert not {0xE1, 0xE2, 0xED, 0xFE} & set(markers), (path, [hex(m) for m in markers])
        else:
            assert set(png_chunks(data)) <= {b"IHDR", b"IDAT", b"IEND", b"PLTE", b"tRNS"}, path
        assert b"Voorbeeldfoon" not in data and b"Kerkstraat" not in data


def test_rotation_is_applied_before_the_tag_is_dropped(site: Path) -> None:
    with Image.open(site / COLLECTIVE / "zonnepanelen-800.jpg") as image:
        assert image.size == (800, 1200)  # the original is 1200×800 with "rotate 90°" in its EXIF
        assert image.mode == "RGB"
    with Image.open(site / NEWS / "plein-640.png") as image:
        assert image.mode == "RGBA"  # transparency kept


def test_page_offers_every_width_with_size_alt_and_lazy_loading(site: Path) -> None:
    page = html(site / COLLECTIVE / "index.html")
    [img] = page.select("figure.foto img")
    assert img["alt"] == "Zonnepanelen op een plat dak, met de lucht erachter."
    assert img["loading"] == "lazy"
    assert (img["width"], img["height"]) == ("800", "1200")
    assert img["src"] == "zonnepanelen-800.jpg"
    candidates = [c.strip().split() for c in img["srcset"].split(",")]
    assert candidates == [["zonnepanelen-480.jpg", "480w"], ["zonnepanelen-800.jpg", "800w"]]
    for name, width in candidates:
        with Image.open(site / COLLECTIVE / name) as image:
            assert f"{image.width}w" == width
    assert img.find_parent("figure").find("figcaption").get_text() == "Het eerste dak: Zonnestraat 5."


def test_sizes_never_enlarge_and_cap_at_the_widest() -> None:
    assert sizes(3000, 2000) == [(480, 320), (960, 640), (1600, 1067)]
    assert sizes(1000, 500) == [(480, 240), (960, 480), (1000, 500)]
    assert sizes(300, 200) == [(300, 200)]
    assert sizes(960, 960) == [(480, 480), (960, 960)]
    assert max(WIDTHS) == 1600


def test_example_photos_are_built_without_metadata(example_build: BuildResult) -> None:
    copies = list(example_build.out.rglob("*.jpg"))
    assert len(copies) == 6
    for path in copies:
        assert not {0xE1, 0xE2, 0xFE} & set(jpeg_segments(path.read_bytes())), path


def test_small_png_saved_by_pillow_is_read(tmp_path: Path) -> None:
    """Reading a PNG's EXIF can load its pixels, after which Pillow refuses to verify it: the file is verified first."""
    path = tmp_path / "klein.png"
    Image.new("RGB", (64, 48), (40, 120, 80)).save(path)
    found = inspect(path)
    assert (found.format, found.width, found.height) == ("PNG", 64, 48)
