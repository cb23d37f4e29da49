# Latent Dirichlet allocation in the form of Pyro's examples/lda.py (the benchmark S3 of
# ../shared/BENCHMARKS.md): each document mixes topics, each word has a topic (enumerated in
# parallel), each topic is a distribution over the vocabulary. data holds one column of
# words_per_doc word ids per document. Data: lda.json (1000 documents of 64 words, 1000 words,
# 20 topics), a copy of ../shared/bench-data/lda.json.
import torch
import pyro
import pyro.distributions as dist


def model(data, num_words, num_topics, num_docs, words_per_doc, batch_size=None):
    with pyro.plate("topics", num_topics):
        topic_weights = pyro.sample("topic_weights", dist.Gamma(1. / num_topics, 1.))
        topic_words = pyro.sample("topic_words",
                                  dist.Dirichlet(torch.ones(num_words) / num_words))
    with pyro.plate("documents", num_docs, batch_size) as ind:
        data = data[:, ind]
        doc_topics = pyro.sample("doc_topics", dist.Dirichlet(topic_weights))
        with pyro.plate("words", words_per_doc):
            word_topics = pyro.sample("word_topics", dist.Categorical(doc_topics),
                                      infer={"enumerate": "parallel"})
            return pyro.sample("doc_words", dist.Categorical(topic_words[word_topics]), obs=data)
