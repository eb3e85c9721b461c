"""Draws the illustrations used as example photos in content/ (run once; the JPEGs are committed).

The example project has no real photos of real people or places, so these are
simple drawings made with Pillow: a neighbourhood kitchen and a harvest party
in a community garden. Run: .venv/bin/python scripts/draw_example_photos.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1600, 1067)


def kitchen() -> Image.Image:
    """A neighbourhood kitchen: a window, a stove with pans, a long table with plates."""
    image = Image.new("RGB", SIZE, "#f3e9d2")
    d = ImageDraw.Draw(image)
    d.rectangle((0, 700, 1600, 1067), fill="#b9895a")  # floor
    for x in range(0, 1600, 80):
        d.line((x, 700, x - 120, 1067), fill="#a77a4e", width=3)
    d.rectangle((120, 110, 620, 470), fill="#9fd3e6", outline="#5b4636", width=18)  # window
    d.line((370, 110, 370, 470), fill="#5b4636", width=12)
    d.line((120, 290, 620, 290), fill="#5b4636", width=12)
    d.ellipse((470, 150, 560, 240), fill="#ffe28a")  # sun through the window
    d.rectangle((900, 380, 1480, 700), fill="#d0d4d6", outline="#6b7174", width=8)  # stove
    for cx in (1030, 1230, 1400):
        d.ellipse((cx - 60, 360, cx + 60, 400), fill="#3d4245")
    d.rectangle((965, 250, 1095, 375), fill="#c0392b")  # pans
    d.ellipse((965, 230, 1095, 270), fill="#e0574a")
    d.rectangle((1175, 280, 1285, 375), fill="#2c6e8f")
    d.ellipse((1175, 262, 1285, 298), fill="#3f8cb3")
    for i, y in enumerate((200, 160, 120)):  # steam
        d.arc((1000 + i * 20, y, 1060 + i * 20, y + 60), 200, 340, fill="#ffffff", width=6)
    d.rectangle((80, 760, 1520, 830), fill="#7a4e2d")  # table
    d.rectangle((140, 830, 180, 1000), fill="#5e3b21")
    d.rectangle((1420, 830, 1460, 1000), fill="#5e3b21")
    for x in range(200, 1450, 210):
        d.ellipse((x, 730, x + 130, 780), fill="#ffffff", outline="#c9c2b5", width=4)
        d.ellipse((x + 35, 742, x + 95, 768), fill="#e8a33d")
        d.rectangle((x + 150, 700, x + 175, 770), fill="#bfe3f0", outline="#8fb9c8", width=3)  # glass
    return image


def harvest() -> Image.Image:
    """A harvest party in a community garden: raised beds, sunflowers, a bench and bunting."""
    image = Image.new("RGB", SIZE, "#bfe4f6")
    d = ImageDraw.Draw(image)
    d.ellipse((1260, 80, 1440, 260), fill="#ffd84d")  # sun
    d.polygon([(0, 560), (400, 470), (900, 540), (1600, 450), (1600, 1067), (0, 1067)], fill="#7cbf5a")
    d.rectangle((0, 640, 1600, 1067), fill="#5fa544")
    for i in range(9):  # bunting
        x = 60 + i * 170
        d.polygon([(x, 120), (x + 120, 120), (x + 60, 210)], fill=("#e74c3c", "#f1c40f", "#3498db")[i % 3])
    d.line((0, 118, 1600, 118), fill="#6b4f3a", width=5)
    for x in (80, 560, 1040):  # raised beds with vegetables
        d.rectangle((x, 700, x + 420, 860), fill="#8b5a2b", outline="#5e3b1c", width=8)
        d.rectangle((x + 16, 690, x + 404, 720), fill="#5a3d22")
        for k in range(6):
            cx = x + 45 + k * 65
            d.ellipse((cx - 28, 630, cx + 28, 700), fill="#2e8b3e")
            if k % 2 == 0:
                d.ellipse((cx - 14, 676, cx + 14, 704), fill="#e0572b")
    for x, h in ((1500, 330), (1420, 380), (300, 360)):  # sunflowers
        d.line((x, 700, x, 700 - h), fill="#2f7d32", width=10)
        d.ellipse((x - 55, 645 - h, x + 55, 755 - h), fill="#f6c026")
        d.ellipse((x - 22, 678 - h, x + 22, 722 - h), fill="#6b3e1e")
    d.rectangle((640, 930, 980, 960), fill="#7a5230")  # bench
    d.rectangle((640, 880, 980, 905), fill="#7a5230")
    d.rectangle((665, 960, 690, 1030), fill="#5e3b21")
    d.rectangle((930, 960, 955, 1030), fill="#5e3b21")
    d.rectangle((1150, 900, 1330, 1000), fill="#f0e2c0", outline="#b8a57a", width=6)  # crate of harvest
    for k in range(5):
        d.ellipse((1165 + k * 32, 870, 1205 + k * 32, 910), fill=("#e0572b", "#f39c12", "#8e44ad")[k % 3])
    return image


def main() -> None:
    """Draw both illustrations and save them next to the content that shows them."""
    targets = {
        ROOT / "content/venserpolder/collectieven/buurtkeuken.jpg": kitchen(),
        ROOT / "content/wildemanbuurt/nieuws/oogstfeest.jpg": harvest(),
    }
    for path, image in targets.items():
        image.save(path, format="JPEG", quality=85, optimize=True)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
