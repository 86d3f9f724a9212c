#!/usr/bin/env python3
"""Makes packages/srgan/images/{train,test}: 128x128 PNG tiles of freely licensed photos.

Sources: the sample images of scikit-image 0.19.3 and SciPy 1.10.1 as Debian ships them in
python3-skimage (skimage/data/) and python3-scipy (scipy/misc/). Each image's licence, as the
docstrings of skimage.data and scipy.misc state it:
  astronaut.png  Eileen Collins, NASA: public domain
  coffee.png     Rachel Michetti: CC0
  rocket.jpg     SpaceX (DSCOVR launch): public domain (CC0)
  brick.png, gravel.png  cc0textures.com: CC0
  grass.png      linolafett (DeviantArt): CC0
  face.dat       scipy.misc.face, a raccoon, from public-domain-image.com: public domain
  ascent.dat     scipy.misc.ascent, people on stairs, from public-domain-image.com: public domain
  chelsea.png    Stefan van der Walt: CC0            (held out: test/)
  camera.png     Lav Varshney: CC0                   (held out: test/)
Tiles are cut at full resolution (no resampling), so they keep the photos' own detail.

Run once, offline, with Debian's Python (python3-pil, python3-numpy for ascent's pickle):
  apt-get download python3-skimage python3-scipy
  dpkg-deb -x python3-skimage_*.deb /tmp/skimage && dpkg-deb -x python3-scipy_*.deb /tmp/scipy
  /usr/bin/python3 packages/srgan/scripts/make-images.py \\
    /tmp/skimage/usr/lib/python3/dist-packages/skimage/data /tmp/scipy/usr/lib/python3/dist-packages/scipy/misc
"""
import bz2
import os
import pickle
import sys

from PIL import Image

TILE = 128
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'images')


def scipy_face(folder):
    """scipy.misc.face: bz2-compressed 768x1024 RGB bytes."""
    with open(os.path.join(folder, 'face.dat'), 'rb') as f:
        return Image.frombytes('RGB', (1024, 768), bz2.decompress(f.read()))


def scipy_ascent(folder):
    """scipy.misc.ascent: a pickled 512x512 array of 0..255 (needs numpy to unpickle)."""
    import numpy
    with open(os.path.join(folder, 'ascent.dat'), 'rb') as f:
        return Image.fromarray(numpy.asarray(pickle.load(f), dtype=numpy.uint8), 'L')


# (source, name, split, tiles as (row, column) in the grid of 128px tiles from the top-left
# corner, or ALL). Source 0 is skimage's data folder, 1 scipy's misc folder.
ALL = None  # every whole tile
PLAN = [
    (0, 'astronaut.png', 'train', ALL),
    (0, 'coffee.png', 'train', ALL),
    (0, 'rocket.jpg', 'train', ALL),
    (0, 'brick.png', 'train', [(1, 1), (1, 2), (2, 1), (2, 2)]),
    (0, 'grass.png', 'train', [(1, 1), (1, 2), (2, 1), (2, 2)]),
    (0, 'gravel.png', 'train', [(1, 1), (1, 2), (2, 1), (2, 2)]),
    (1, 'face', 'train', ALL),
    (1, 'ascent', 'train', ALL),
    (0, 'chelsea.png', 'test', ALL),
    (0, 'camera.png', 'test', [(1, 1), (1, 2), (2, 1)]),
]
GRAY = ('brick', 'grass', 'gravel', 'camera', 'ascent')  # grayscale originals stay 1-channel files
LOADERS = {'face': scipy_face, 'ascent': scipy_ascent}


def main(skimage_data, scipy_misc):
    folders = (skimage_data, scipy_misc)
    for split in ('train', 'test'):
        os.makedirs(os.path.join(OUT, split), exist_ok=True)
    for source, name, split, tiles in PLAN:
        folder = folders[source]
        image = LOADERS[name](folder) if name in LOADERS else Image.open(os.path.join(folder, name)).convert('RGB')
        stem = os.path.splitext(name)[0]
        if tiles is ALL:
            tiles = [(r, c) for r in range(image.height // TILE) for c in range(image.width // TILE)]
        for row, column in tiles:
            box = (column * TILE, row * TILE, (column + 1) * TILE, (row + 1) * TILE)
            assert box[2] <= image.width and box[3] <= image.height, (name, box, image.size)
            tile = image.crop(box)
            tile = tile.convert('L') if stem in GRAY else tile.convert('RGB')
            tile.save(os.path.join(OUT, split, f'{stem}-{row}-{column}.png'), optimize=True)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
