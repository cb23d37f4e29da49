# A Bayesian neural net classifying Fashion-MNIST (the benchmark B1 of
# ../shared/BENCHMARKS.md): 784-100-100-10 with ReLU, N(0, 1) priors on every weight and bias,
# a Categorical likelihood on the logits, and a subsampling plate for minibatches (the
# likelihood is scaled by N / batch_size). pixels are 0-255 integers, one row per image. Data:
# fashion_mnist.json (the first 100 training images), made by scripts/fashion_mnist_to_json.py.
import torch
import pyro
import pyro.distributions as dist


def layer(name, n_in, n_out):
    w = pyro.sample(name + "_w", dist.Normal(0., 1.).expand([n_in, n_out]).to_event(2))
    b = pyro.sample(name + "_b", dist.Normal(0., 1.).expand([n_out]).to_event(1))
    return w, b


def model(pixels, labels=None, hidden=100, batch_size=128):
    w1, b1 = layer("fc1", 784, hidden)
    w2, b2 = layer("fc2", hidden, hidden)
    w3, b3 = layer("out", hidden, 10)
    batch = min(batch_size, pixels.shape[0])
    with pyro.plate("data", pixels.shape[0], subsample_size=batch) as idx:
        # Scaled per batch: scaling all N images every step would cost more than the net.
        h = torch.relu(pixels[idx] / 255. @ w1 + b1)
        h = torch.relu(h @ w2 + b2)
        logits = h @ w3 + b3
        obs = labels[idx] if labels is not None else None
        return pyro.sample("label", dist.Categorical(logits=logits), obs=obs)
