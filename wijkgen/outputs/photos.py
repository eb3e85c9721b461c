"""Photo copies without metadata: resized from the original's pixels alone.

Phones write EXIF into every photo, including the GPS position where it was taken, which for a
resident's photo is often their home. The copies written here are rebuilt from pixels alone: no
EXIF, no XMP, no comments, no colour profile (the pixels are converted to sRGB first), so nothing
but the picture leaves the build.
"""

from __future__ import annotations

import io

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from wijkgen.load.photos import PhotoError
from wijkgen.model.entities import Photo


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert pixels with an embedded colour profile to sRGB, so dropping the profile keeps the colours."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        srgb = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(image, profile, srgb, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError):
        return image
    return converted if converted is not None else image



def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image with the same pixels and nothing else: no info, no EXIF, no palette tricks."""
    return Image.frombytes(image.mode, image.size, image.tobytes())



def encode(photo: Photo) -> list[tuple[str, bytes]]:
    """Every copy of ``photo`` as (file name, bytes), resized from the original and free of metadata."""
    try:
        with Image.open(photo.source) as original:
            fmt = original.format or "JPEG"
            upright = ImageOps.exif_transpose(original)
            upright.load()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as err:
        raise PhotoError("reason.photo_unreadable") from err
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
    mode = "RGBA" if has_alpha and fmt != "JPEG" else "RGB"
    if upright.mode == "RGB" or upright.mode == "RGBA":
        upright = _to_srgb(upright)
    image = _pixels_only(upright.convert(mode))
    out: list[tuple[str, bytes]] = []
    for variant in photo.variants:
        copy = image if image.size == (variant.width, variant.height) else image.resize(
            (variant.width, variant.height), Image.Resampling.LANCZOS
        )
        out.append((variant.name, _save(_pixels_only(copy), fmt)))
    return out



def _save(image: Image.Image, fmt: str) -> bytes:
    """Encode with fixed settings and no metadata arguments at all."""
    buffer = io.BytesIO()
    if fmt == "PNG":
        image.save(buffer, format="PNG", optimize=True)
    elif fmt == "WEBP":
        image.save(buffer, format="WEBP", quality=80, method=4)
    else:
        image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()
