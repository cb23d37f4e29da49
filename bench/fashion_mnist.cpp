#include "bench/fashion_mnist.h"

#include <algorithm>
#include <vector>

#include <zlib.h>

#include <ATen/ATen.h>

#include "core/util/error.h"

namespace kiln::bench {

namespace {

// The whole decompressed file.
std::vector<uint8_t> read_gzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file)
    throw Error("Fashion-MNIST: cannot open " + path);
  std::vector<uint8_t> bytes;
  uint8_t buffer[1 << 16];
  int n = 0;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0)
    bytes.insert(bytes.end(), buffer, buffer + n);
  const bool failed = n < 0;
  gzclose(file);
  if (failed)
    throw Error("Fashion-MNIST: " + path + " is not a readable gzip file");
  return bytes;
}

uint32_t big_endian(const std::vector<uint8_t>& bytes, size_t at) {
  return (uint32_t(bytes[at]) << 24) | (uint32_t(bytes[at + 1]) << 16) |
         (uint32_t(bytes[at + 2]) << 8) | uint32_t(bytes[at + 3]);
}

// The unsigned-byte IDX array of `dims` dimensions in `path`: its sizes and its data's offset.
std::vector<int64_t> idx_header(const std::vector<uint8_t>& bytes, const std::string& path,
                                size_t dims) {
  const size_t header = 4 + 4 * dims;
  if (bytes.size() < header || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08 ||
      bytes[3] != dims)
    throw Error("Fashion-MNIST: " + path + " is not an IDX file of unsigned bytes with " +
                std::to_string(dims) + " dimension(s)");
  std::vector<int64_t> sizes;
  size_t count = 1;
  for (size_t d = 0; d < dims; ++d) {
    sizes.push_back(big_endian(bytes, 4 + 4 * d));
    count *= static_cast<size_t>(sizes.back());
  }
  if (bytes.size() < header + count)
    throw Error("Fashion-MNIST: " + path + " is truncated");
  return sizes;
}

} // namespace

std::string default_fashion_mnist_dir() {
  return "/usr/share/datasets/fashion-mnist";
}

ImageSet load_fashion_mnist(const std::string& dir, const std::string& split, int64_t limit) {
  const std::string images_path = dir + "/" + split + "-images-idx3-ubyte.gz";
  const std::string labels_path = dir + "/" + split + "-labels-idx1-ubyte.gz";
  const std::vector<uint8_t> images = read_gzip(images_path);
  const std::vector<uint8_t> labels = read_gzip(labels_path);
  const std::vector<int64_t> image_sizes = idx_header(images, images_path, 3);
  const std::vector<int64_t> label_sizes = idx_header(labels, labels_path, 1);
  if (image_sizes[0] != label_sizes[0])
    throw Error("Fashion-MNIST: " + images_path + " holds " + std::to_string(image_sizes[0]) +
                " images but " + labels_path + " " + std::to_string(label_sizes[0]) + " labels");
  const int64_t n = limit < 0 ? image_sizes[0] : std::min(limit, image_sizes[0]);
  const int64_t pixels = image_sizes[1] * image_sizes[2];
  ImageSet set;
  set.pixels = at::from_blob(const_cast<uint8_t*>(images.data()) + 16, {n, pixels}, at::kByte)
                   .to(at::kDouble);
  set.labels = at::from_blob(const_cast<uint8_t*>(labels.data()) + 8, {n}, at::kByte).to(at::kLong);
  return set;
}

} // namespace kiln::bench
