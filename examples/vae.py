# A small variational autoencoder on Fashion-MNIST (after Pyro's VAE tutorial): a latent code
# of 10 per image, decoded by a torch.nn network that pyro.module registers. The guide is the
# amortized encoder. pixels are 0-255 integers, binarized (1 where the intensity is above half)
# for the Bernoulli likelihood. update_module_params=True makes Pyro, like Kiln, run the decoder
# with the values of its param sites when they are substituted (poutine.substitute, replay).
# Data: fashion_mnist.json, made by scripts/fashion_mnist_to_json.py.
import torch
import torch.nn as nn
import pyro
import pyro.distributions as dist

z_dim, hidden_dim, x_dim = 10, 64, 784

decoder = nn.Sequential(nn.Linear(z_dim, hidden_dim), nn.ReLU(), nn.Linear(hidden_dim, x_dim))
encoder = nn.Sequential(nn.Linear(x_dim, hidden_dim), nn.ReLU())
encoder_loc = nn.Linear(hidden_dim, z_dim)
encoder_scale = nn.Linear(hidden_dim, z_dim)


def model(pixels, labels=None):
    pyro.module("decoder", decoder, update_module_params=True)
    x = torch.round(pixels / 255.)
    with pyro.plate("data", x.shape[0]):
        z = pyro.sample("z", dist.Normal(torch.zeros(z_dim), torch.ones(z_dim)).to_event(1))
        probs = torch.sigmoid(decoder(z))
        pyro.sample("x", dist.Bernoulli(probs).to_event(1), obs=x)


def guide(pixels, labels=None):
    pyro.module("encoder", encoder)
    pyro.module("encoder_loc", encoder_loc)
    pyro.module("encoder_scale", encoder_scale)
    x = torch.round(pixels / 255.)
    with pyro.plate("data", x.shape[0]):
        hidden = encoder(x)
        pyro.sample("z", dist.Normal(encoder_loc(hidden), torch.exp(encoder_scale(hidden))).to_event(1))
