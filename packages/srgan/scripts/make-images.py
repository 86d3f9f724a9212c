#!/usr/bin/env python3
"""Makes packages/srgan/images/{train,test}: 128x128 PNG tiles of freely licensed photos.

Source: the sample images of scikit-image 0.19.3 as Debian ships them in python3-skimage
(skimage/data/). Each image's licence, as skimage.data's docstrings state it:
  astronaut.png  Eileen Collins, NASA: public domain
  coffee.png     Rachel Michetti: CC0
  rocket.jpg     SpaceX (DSCOVR launch): public domain (CC0)
  brick.png, gravel.png  cc0textures.com: CC0
  grass.png      linolafett (DeviantArt): CC0
  chelsea.png    Stefan van der Walt: CC0            (held out: test/)
  camera.png     Lav Varshney: CC0                   (held out: test/)
Tiles are cut at full resolution (no resampling), so they keep the photos' own detail.

Run once, offline, with Debian's Python (python3-pil):
  apt-get download python3-skimage && dpkg-deb -x python3-skimage_*.deb /tmp/skimage
  /usr/bin/python3 packages/srgan/scripts/make-images.py /tmp/skimage/usr/lib/python3/dist-packages/skimage/data
"""
import os
import sys

from PIL import Image

TILE = 128
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'images')

# (file, split, tiles as (row, column) in the grid of 128px tiles from the top-left corner, or ALL)
ALL = None  # every whole tile
PLAN = [
    ('astronaut.png', 'train', ALL),
    ('coffee.png', 'train', ALL),
    ('rocket.jpg', 'train', ALL),
    ('brick.png', 'train', [(1, 1), (1, 2), (2, 1), (2, 2)]),
    ('grass.png', 'train', [(1, 1), (1, 2), (2, 1), (2, 2)]),
    ('gravel.png', 'train', [(1, 1), (1, 2), (2, 1), (2, 2)]),
    ('chelsea.png', 'test', ALL),
    ('camera.png', 'test', [(1, 1), (1, 2), (2, 1)]),
]


def main(source):
    for split in ('train', 'test'):
        os.makedirs(os.path.join(OUT, split), exist_ok=True)
    for name, split, tiles in PLAN:
        image = Image.open(os.path.join(source, name)).convert('RGB')
        stem = os.path.splitext(name)[0]
        if tiles is ALL:
            tiles = [(r, c) for r in range(image.height // TILE) for c in range(image.width // TILE)]
        for row, column in tiles:
            box = (column * TILE, row * TILE, (column + 1) * TILE, (row + 1) * TILE)
            assert box[2] <= image.width and box[3] <= image.height, (name, box, image.size)
            tile = image.crop(box)
            if stem in ('brick', 'grass', 'gravel', 'camera'):
                tile = tile.convert('L')  # grayscale originals stay 1-channel files
            tile.save(os.path.join(OUT, split, f'{stem}-{row}-{column}.png'), optimize=True)


if __name__ == '__main__':
    main(sys.argv[1])
