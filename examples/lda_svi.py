# Latent Dirichlet allocation fitted by SVI (the benchmark S3 of ../shared/BENCHMARKS.md): the
# model of lda.py with the word topics enumerated in parallel (TraceEnum_ELBO), and a
# mean-field guide of params without amortization: Delta point masses at the topic weights
# (positive), the topic-word distributions and the document-topic distributions (simplexes).
# Data: lda.json (1000 documents of 64 words, 1000 words, 20 topics).
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(data, num_words, num_topics, num_docs, words_per_doc):
    with pyro.plate("topics", num_topics):
        topic_weights = pyro.sample("topic_weights", dist.Gamma(1. / num_topics, 1.))
        topic_words = pyro.sample("topic_words",
                                  dist.Dirichlet(torch.ones(num_words) / num_words))
    with pyro.plate("documents", num_docs):
        doc_topics = pyro.sample("doc_topics", dist.Dirichlet(topic_weights))
        with pyro.plate("words", words_per_doc):
            word_topics = pyro.sample("word_topics", dist.Categorical(doc_topics),
                                      infer={"enumerate": "parallel"})
            return pyro.sample("doc_words", dist.Categorical(topic_words[word_topics]), obs=data)


def guide(data, num_words, num_topics, num_docs, words_per_doc):
    weights = pyro.param("topic_weights_map", torch.ones(num_topics),
                         constraint=constraints.positive)
    words = pyro.param("topic_words_map", torch.ones(num_topics, num_words) / num_words,
                       constraint=constraints.simplex)
    topics = pyro.param("doc_topics_map", torch.ones(num_docs, num_topics) / num_topics,
                        constraint=constraints.simplex)
    with pyro.plate("topics", num_topics):
        pyro.sample("topic_weights", dist.Delta(weights))
        pyro.sample("topic_words", dist.Delta(words).to_event(1))
    with pyro.plate("documents", num_docs):
        pyro.sample("doc_topics", dist.Delta(topics).to_event(1))
