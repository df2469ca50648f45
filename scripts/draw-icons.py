#!/usr/bin/env python3
"""Draws Postil's icons (offline/icon.svg, icon-192.png, icon-512.png) from one set of shapes.

A page with lines of text on a dark square, one word of it marked, as Postil marks a label.
The PNGs are rasterised here (4x4 samples a pixel, no imaging library) so the icons are made
the same way on every machine; run it again after changing a shape and commit the three files.
"""

import os
import struct
import zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "offline")

# Shapes on a 512 grid: (x, y, width, height, corner radius, colour).
SHAPES = [
    (0, 0, 512, 512, 96, "#23395b"),  # the square
    (112, 72, 288, 368, 24, "#f7f5ef"),  # the page
    (152, 136, 208, 22, 11, "#9aa3ae"),  # lines of text
    (152, 192, 64, 22, 11, "#9aa3ae"),
    (196, 178, 132, 50, 12, "#f2b134"),  # the marked word
    (208, 192, 108, 22, 11, "#23395b"),
    (152, 260, 208, 22, 11, "#9aa3ae"),
    (152, 316, 160, 22, 11, "#9aa3ae"),
    (152, 372, 120, 22, 11, "#9aa3ae"),
]


def svg():
    rects = "\n".join(
        f'  <rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{c}"/>' for x, y, w, h, r, c in SHAPES
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">\n{rects}\n</svg>\n'


def inside(px, py, x, y, w, h, r):
    if not (x <= px < x + w and y <= py < y + h):
        return False
    cx = min(max(px, x + r), x + w - r)
    cy = min(max(py, y + r), y + h - r)
    return (px - cx) ** 2 + (py - cy) ** 2 <= r * r


def rgb(c):
    return tuple(int(c[i : i + 2], 16) for i in (1, 3, 5))


def png(size):
    scale = 512 / size
    n = 4
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            acc = [0, 0, 0, 0]
            for sj in range(n):
                for si in range(n):
                    px, py = (i + (si + 0.5) / n) * scale, (j + (sj + 0.5) / n) * scale
                    colour = None
                    for x, y, w, h, r, c in SHAPES:
                        if inside(px, py, x, y, w, h, r):
                            colour = c
                    if colour:
                        red, green, blue = rgb(colour)
                        acc[0] += red
                        acc[1] += green
                        acc[2] += blue
                        acc[3] += 1
            a = acc[3]
            row += bytes([acc[0] // a, acc[1] // a, acc[2] // a] if a else [0, 0, 0]) + bytes([a * 255 // (n * n)])
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    with open(os.path.join(HERE, "icon.svg"), "w") as f:
        f.write(svg())
    for size in (192, 512):
        with open(os.path.join(HERE, f"icon-{size}.png"), "wb") as f:
            f.write(png(size))
    print("draw-icons: wrote offline/icon.svg, icon-192.png, icon-512.png")
