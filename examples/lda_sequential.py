# The LDA of lda_svi.py with the document plate sequential (the benchmark S3-seq of
# ../shared/BENCHMARKS.md): a loop over the documents, each with its own doc_topics and
# enumerated word topics, to compare one document at a time with the vectorized plate. The
# guide is lda_svi.py's, one Delta per document. Data: lda.json (the benchmark takes the first
# 100 documents: num_docs=100).
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(data, num_words, num_topics, num_docs, words_per_doc):
    with pyro.plate("topics", num_topics):
        topic_weights = pyro.sample("topic_weights", dist.Gamma(1. / num_topics, 1.))
        topic_words = pyro.sample("topic_words",
                                  dist.Dirichlet(torch.ones(num_words) / num_words))
    # pyro.markov with history 0: the documents are independent, so each document's word
    # topics reuse the enumeration dim of the last one instead of taking one of their own.
    for d in pyro.markov(pyro.plate("documents", num_docs), history=0):
        doc_topics = pyro.sample("doc_topics_{}".format(d), dist.Dirichlet(topic_weights))
        with pyro.plate("words_{}".format(d), words_per_doc):
            word_topics = pyro.sample("word_topics_{}".format(d), dist.Categorical(doc_topics),
                                      infer={"enumerate": "parallel"})
            pyro.sample("doc_words_{}".format(d), dist.Categorical(topic_words[word_topics]),
                        obs=data[:, d])


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
    for d in pyro.plate("documents", num_docs):
        pyro.sample("doc_topics_{}".format(d), dist.Delta(topics[d]).to_event(1))
