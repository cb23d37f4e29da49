#!/usr/bin/env python3
"""Converts the first N images of Fashion-MNIST to the JSON data of bnn.py and vae.py:
{"pixels": N rows of 784 integers 0-255, "labels": N integers 0-9}. Standard library only.
The images come from Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist).

    python3 scripts/fashion_mnist_to_json.py [N] [train|t10k] > fashion_mnist.json
"""
import gzip
import json
import struct
import sys

FOLDER = "/usr/share/datasets/fashion-mnist"


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    found, count = struct.unpack(">II", data[:8])
    if found != magic:
        sys.exit("{}: not an IDX file of the expected kind".format(path))
    return count, data


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    split = sys.argv[2] if len(sys.argv) > 2 else "train"
    count, images = read_idx("{}/{}-images-idx3-ubyte.gz".format(FOLDER, split), 2051)
    _, labels = read_idx("{}/{}-labels-idx1-ubyte.gz".format(FOLDER, split), 2049)
    rows, cols = struct.unpack(">II", images[8:16])
    size = rows * cols
    n = min(n, count)
    pixels = [list(images[16 + i * size:16 + (i + 1) * size]) for i in range(n)]
    json.dump({"pixels": pixels, "labels": list(labels[8:8 + n])}, sys.stdout,
              separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
