"""Greedy decoding under a JSON grammar that asks about the best token before the whole vocabulary.

llama-cpp-python puts the grammar into its sampler chain, so every generated token runs the grammar
over all ~152,000 vocabulary entries before the greedy pick: on this 2-core machine that more than
halves the generation speed of a 0.5B model. llama.cpp's own `common_sampler` avoids it by asking
the grammar about the best token alone and masking the whole vocabulary only when that token is
refused. With greedy decoding the result is the same token either way: the best token the grammar
allows. `GreedyGrammarSampler` does that, behind the two methods llama-cpp-python's `Llama` calls
on its sampler (`sample`, `close`); `FastGrammarLlama` hands it out for greedy grammar requests.
It relies on `Llama._init_sampler`, which is why llama-cpp-python is pinned to one version;
tests/llm/test_embedded.py checks that both samplers write the same tokens.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Sequence
from typing import Any

import llama_cpp
import numpy as np
from llama_cpp import Llama, LlamaGrammar


class GreedyGrammarSampler:
    """The highest-logit token the grammar allows, and the grammar advanced past it."""

    def __init__(self, llama: Llama, grammar: LlamaGrammar) -> None:
        vocab = llama._model.vocab
        self._grammar = llama_cpp.llama_sampler_init_grammar(
            vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        if not self._grammar:
            raise RuntimeError("llama.cpp could not compile the JSON grammar")
        self._n_vocab = llama.n_vocab()
        self._one = (llama_cpp.llama_token_data * 1)()
        self._all = (llama_cpp.llama_token_data * self._n_vocab)()
        # The same memory seen as columns, to fill all candidates at numpy speed when needed.
        self._all_view = np.ctypeslib.as_array(self._all).view(
            np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)])
        )
        self.fallbacks = 0  # tokens for which the whole vocabulary had to be masked

    def _apply(self, data: ctypes.Array[Any], size: int) -> None:
        candidates = llama_cpp.llama_token_data_array(
            data=data, size=size, selected=-1, sorted=False
        )
        llama_cpp.llama_sampler_apply(self._grammar, ctypes.byref(candidates))

    def sample(self, ctx: Any, idx: int = -1) -> int:
        pointer = llama_cpp.llama_get_logits_ith(ctx.ctx, idx)
        logits = np.ctypeslib.as_array(pointer, shape=(self._n_vocab,))
        best = int(np.argmax(logits))
        self._one[0] = llama_cpp.llama_token_data(best, float(logits[best]), 0.0)
        self._apply(self._one, 1)
        if math.isinf(self._one[0].logit):  # refused: mask everything, then take the best left
            self.fallbacks += 1
            self._all_view["id"] = np.arange(self._n_vocab, dtype=np.int32)
            self._all_view["logit"] = logits
            self._all_view["p"] = 0.0
            self._apply(self._all, self._n_vocab)
            best = int(np.argmax(self._all_view["logit"]))
        llama_cpp.llama_sampler_accept(self._grammar, best)
        return best

    def close(self) -> None:
        if self._grammar:
            llama_cpp.llama_sampler_free(self._grammar)
            self._grammar = None

    def __del__(self) -> None:
        self.close()


class FastGrammarLlama(Llama):
    """`Llama` whose greedy, grammar-constrained sampling uses `GreedyGrammarSampler`."""

    fast_grammar = True

    def eval_prompt(self, tokens: Sequence[int]) -> None:
        """`eval` for prompt tokens whose logits nobody reads.

        With a draft model (prompt lookup) llama-cpp-python computes and copies the logits of every
        token it evaluates: 152,000 floats each, which for a 2,000-token prompt would cost more
        than the lm_head's share of the compute and a gigabyte of memory. The draft only needs them
        for generated tokens.
        """
        keep, self._logits_all = self._logits_all, False
        try:
            self.eval(tokens)
        finally:
            self._logits_all = keep

    def _init_sampler(self, *args: Any, **kwargs: Any) -> Any:
        grammar = kwargs.get("grammar")
        greedy = kwargs.get("temp") == 0.0 and kwargs.get("repeat_penalty", 1.0) == 1.0
        plain = not any(
            kwargs.get(k) for k in ("logits_processor", "frequency_penalty", "presence_penalty")
        )
        if self.fast_grammar and grammar is not None and greedy and plain and not args:
            return GreedyGrammarSampler(self, grammar)
        return super()._init_sampler(*args, **kwargs)
