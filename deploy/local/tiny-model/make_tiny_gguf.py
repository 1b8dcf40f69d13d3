"""Writes two tiny random-weight llama-architecture GGUF models for a real Ollama in tests.

    python make_tiny_gguf.py <out-dir>      ->  <out-dir>/tiny-chat.gguf, <out-dir>/tiny-embed.gguf

The weights are random (seeded, so every build writes the same bytes), but shaped so that the
model samples readable words instead of byte and control tokens: dimension 0 of every token
embedding is a large constant, the blocks' output projections are small, and column 0 of the
output projection favours word tokens over <unk>/<s>/</s> and byte tokens. EOS is therefore never
sampled: every reply runs to num_predict (set in the Modelfile) with done_reason "length".
The embedding variant uses mean pooling and no constant dimension, so different texts embed
differently. About 450 KB each; written in well under a second.
"""

import sys
from pathlib import Path

import gguf
import numpy as np

CONTEXT = 2048
EMBED = 64
BLOCKS = 2
FEED_FORWARD = 128
HEADS = 4
KV_HEADS = 2
HEAD_DIM = EMBED // HEADS  # 16, also the rope dimension

WORDS = """the a an and or but if then so of to in on at by for with from up down out over under
again once here there when where why how all any both each few more most other some such no not
only own same than too very can will just should now is are was were be been being have has had do
does did say says said go goes went get got make made know knew think thought take took see saw come
came want look use find give tell ask work seem feel try leave call keep let begin help talk turn
start show hear play run move live believe hold bring happen write sit stand lose pay meet include
continue set learn change lead understand watch follow stop create speak read spend grow open walk
win offer remember love consider appear buy wait serve die send expect build stay fall cut reach
kill remain suggest raise pass sell require report decide pull bread river market lantern rain well
mill smith festival rumor stranger bridge north road storm apples letter bells night promise secret
garden tools boat fish ledger candles cart hill feast village baker mayor harvest merchant morning
evening sky sun moon star water fire stone tree house door window street square friend people time
year day week way thing man woman child world life hand part place case point group number fact
question problem idea story plan memory dream voice light word name home town field forest sea
good new first last long great little old big high different small large next early young important
public bad able blue red green white black warm cold quiet loud happy sad true false yes maybe""".split()

PUNCTUATION = list(".,!?;:'\"-()[]{}") + ["\n"]


def vocabulary():
    tokens = [("<unk>", gguf.TokenType.UNKNOWN), ("<s>", gguf.TokenType.CONTROL),
              ("</s>", gguf.TokenType.CONTROL)]
    # llama.cpp refuses a SentencePiece vocabulary without all 256 byte tokens.
    tokens += [(f"<0x{b:02X}>", gguf.TokenType.BYTE) for b in range(256)]
    seen = {t for t, _ in tokens}
    normal = ["\u2581"] + [chr(c) for c in range(0x20, 0x7F)] + PUNCTUATION
    for word in WORDS:
        normal += ["\u2581" + word, word]
    for text in normal:
        if text not in seen:
            seen.add(text)
            tokens.append((text, gguf.TokenType.NORMAL))
    return tokens


def write(path, embedding_model, seed):
    rng = np.random.default_rng(seed)
    tokens = vocabulary()
    vocab = len(tokens)
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name("otel-llm tiny " + ("embed" if embedding_model else "chat"))
    w.add_context_length(CONTEXT)
    w.add_embedding_length(EMBED)
    w.add_block_count(BLOCKS)
    w.add_feed_forward_length(FEED_FORWARD)
    w.add_head_count(HEADS)
    w.add_head_count_kv(KV_HEADS)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_dimension_count(HEAD_DIM)
    w.add_rope_freq_base(10000.0)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    if embedding_model:
        w.add_pooling_type(gguf.PoolingType.MEAN)

    w.add_tokenizer_model("llama")
    w.add_token_list([t.encode("utf-8") for t, _ in tokens])
    w.add_token_scores([float(-i) for i in range(vocab)])
    w.add_token_types([int(kind) for _, kind in tokens])
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)

    def f16(shape, std):
        return (rng.standard_normal(shape) * std).astype(np.float16)

    def f32_ones(n):
        return np.ones(n, dtype=np.float32)

    embeddings = rng.standard_normal((vocab, EMBED)).astype(np.float32)
    if not embedding_model:
        embeddings[:, 0] = 4.0
    output = rng.standard_normal((vocab, EMBED)).astype(np.float32) * 0.5
    word_start = 3 + 256
    output[:word_start, 0] = -5.0
    output[word_start:, 0] = 0.5

    w.add_tensor("token_embd.weight", embeddings.astype(np.float16))
    w.add_tensor("output_norm.weight", f32_ones(EMBED))
    w.add_tensor("output.weight", output.astype(np.float16))
    kv = KV_HEADS * HEAD_DIM
    for n in range(BLOCKS):
        w.add_tensor(f"blk.{n}.attn_norm.weight", f32_ones(EMBED))
        w.add_tensor(f"blk.{n}.attn_q.weight", f16((EMBED, EMBED), 0.1))
        w.add_tensor(f"blk.{n}.attn_k.weight", f16((kv, EMBED), 0.1))
        w.add_tensor(f"blk.{n}.attn_v.weight", f16((kv, EMBED), 0.1))
        w.add_tensor(f"blk.{n}.attn_output.weight", f16((EMBED, EMBED), 0.02))
        w.add_tensor(f"blk.{n}.ffn_norm.weight", f32_ones(EMBED))
        w.add_tensor(f"blk.{n}.ffn_gate.weight", f16((FEED_FORWARD, EMBED), 0.1))
        w.add_tensor(f"blk.{n}.ffn_up.weight", f16((FEED_FORWARD, EMBED), 0.1))
        w.add_tensor(f"blk.{n}.ffn_down.weight", f16((EMBED, FEED_FORWARD), 0.02))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_tiny_gguf.py <out-dir>")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    write(out / "tiny-chat.gguf", embedding_model=False, seed=1)
    write(out / "tiny-embed.gguf", embedding_model=True, seed=2)
    print(f"tiny models: {out / 'tiny-chat.gguf'}, {out / 'tiny-embed.gguf'}")


if __name__ == "__main__":
    main()
