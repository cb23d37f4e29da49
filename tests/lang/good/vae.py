# A small variational autoencoder on 28x28 images, with the networks from torch.nn.
import torch
import torch.nn as nn
import torch.nn.functional as F
import pyro
import pyro.distributions as dist

z_dim, hidden_dim, x_dim = 10, 400, 28 * 28

decoder = nn.Sequential(nn.Linear(z_dim, hidden_dim), nn.Softplus(), nn.Linear(hidden_dim, x_dim))
encoder_hidden = nn.Linear(x_dim, hidden_dim)
encoder_loc = nn.Linear(hidden_dim, z_dim)
encoder_scale = nn.Linear(hidden_dim, z_dim)


def encode(x):
    hidden = F.softplus(encoder_hidden(x.reshape(-1, x_dim)))
    return encoder_loc(hidden), torch.exp(encoder_scale(hidden))


def model(x):
    pyro.module("decoder", decoder)
    with pyro.plate("data", x.shape[0]):
        z_loc = x.new_zeros(torch.Size((x.shape[0], z_dim)))
        z_scale = x.new_ones(torch.Size((x.shape[0], z_dim)))
        z = pyro.sample("latent", dist.Normal(z_loc, z_scale).to_event(1))
        loc_img = torch.sigmoid(decoder(z))
        pyro.sample("obs", dist.Bernoulli(loc_img, validate_args=False).to_event(1),
                    obs=x.reshape(-1, 784))
        return loc_img


def guide(x):
    for name, module in [("encoder_hidden", encoder_hidden), ("encoder_loc", encoder_loc),
                         ("encoder_scale", encoder_scale)]:
        pyro.module(name, module)
    with pyro.plate("data", x.shape[0]):
        z_loc, z_scale = encode(x)
        pyro.sample("latent", dist.Normal(z_loc, z_scale).to_event(1))


def reconstruct(x):
    z_loc, z_scale = encode(x)
    z = dist.Normal(z_loc, z_scale).sample()
    return torch.sigmoid(decoder(z)).reshape(-1, 28, 28)
