"""The embedding model through ONNX Runtime: the same transformer, exported once, int8.

Why: on the two-core machine the model was the largest single cost of ingest (26 of about
70 CPU-seconds for 2,000 articles, docs/benchmarks.md). The transformer exported to ONNX
gives the same vectors (least cosine to sentence-transformers' 1.0000) a little faster;
with its weights quantised to int8 per output channel it runs about 2.5× as fast at a
cosine of 0.98 or more to the original (0.99 on average), and story clustering scores
the same (docs/stories.md). Backends are a setting (``embedding_backend``); ``torch``
keeps plain sentence-transformers.

The export runs once per model and backend, in a child process (torch's exporter is slow
to import and was seen to hang inside a test runner's process), under a file lock so that
parallel workers wait for one export instead of racing; the file lands atomically in the
model cache folder and is reused by every later process. Tokenising uses the model
folder's ``tokenizer.json`` (the fast tokenizer sentence-transformers uses too), pooling
is the mean over real tokens, then L2 normalisation: what the model's sentence-transformers
modules (Transformer, Pooling mean, Normalize) do.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tidings.errors import TidingsError

if TYPE_CHECKING:
    import onnxruntime

__all__ = ["BACKENDS", "OnnxEncoder", "OnnxModelError", "export_model", "prepared_model"]

BACKENDS = ("onnx-int8", "onnx", "torch")
# Bump when the export or quantisation changes, so cached files are made again.
_EXPORT_VERSION = 1
_EXPORT_TIMEOUT_S = 900
_OPSET = 17


class OnnxModelError(TidingsError):
    """The model could not be exported to ONNX or loaded by ONNX Runtime."""


def _model_key(model_dir: Path, backend: str) -> str:
    """What the exported file depends on: the model's config and weights, the backend."""
    digest = hashlib.sha256(f"{_EXPORT_VERSION}:{backend}:{_OPSET}:{_libraries()}".encode())
    for name in ("config.json", "tokenizer.json"):
        path = model_dir / name
        if path.exists():
            digest.update(path.read_bytes())
    for weights in sorted(model_dir.glob("*.safetensors")) + sorted(model_dir.glob("*.bin")):
        stat = weights.stat()
        digest.update(f"{weights.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _libraries() -> str:
    """The versions of what exports and quantises: another version makes other bytes."""
    found = []
    for name in ("torch", "transformers", "onnx", "onnxruntime"):
        try:
            found.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return ",".join(found)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def prepared_model(model_dir: Path, backend: str, cache_dir: Path) -> Path:
    """The ONNX file for ``model_dir`` and ``backend`` (``onnx`` or ``onnx-int8``), made
    on first use and kept in ``cache_dir``."""
    if backend not in ("onnx", "onnx-int8"):
        raise OnnxModelError(f"not an ONNX backend: {backend}")
    target = cache_dir / f"{model_dir.name}-{backend}-{_model_key(model_dir, backend)}.onnx"
    if target.exists():
        return target
    with _locked(cache_dir / ".export.lock"):
        if target.exists():  # another process made it while this one waited
            return target
        with tempfile.TemporaryDirectory(dir=cache_dir) as tmp:
            plain = Path(tmp) / "model.onnx"
            _export_in_child(model_dir, plain)
            made = plain
            if backend == "onnx-int8":
                made = Path(tmp) / "model-int8.onnx"
                _quantise(plain, made)
            os.replace(made, target)
    return target


def _export_in_child(model_dir: Path, out: Path) -> None:
    command = [sys.executable, "-m", "tidings.enrich.onnx_model", str(model_dir), str(out)]
    try:
        done = subprocess.run(  # noqa: S603 - our interpreter and module, paths as arguments
            command, capture_output=True, text=True, timeout=_EXPORT_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise OnnxModelError(f"exporting {model_dir} to ONNX took over {exc.timeout} s") from exc
    if done.returncode or not out.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise OnnxModelError(f"exporting {model_dir} to ONNX failed: {' / '.join(tail)}")


def _quantise(source: Path, target: Path) -> None:
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:
        raise OnnxModelError("int8 needs the onnx package beside onnxruntime") from exc
    # Per channel: one scale per output row of each weight matrix. Per tensor, one scale
    # for the whole matrix, took the least cosine to the original down to 0.90.
    quantize_dynamic(source, target, weight_type=QuantType.QInt8, per_channel=True)


def export_model(model_dir: Path, out: Path) -> None:
    """Export the transformer of a sentence-transformers folder to ONNX (its last hidden
    state, dynamic batch and length). Runs in the child process ``prepared_model`` starts."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir))
    model.eval()

    class _Hidden(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask)[0]

    sample = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            _Hidden(model),
            (sample, sample),
            str(out),
            input_names=["input_ids", "attention_mask"],
            output_names=["hidden"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
            opset_version=_OPSET,
            dynamo=False,
        )


Vectors = npt.NDArray[np.float32]


class OnnxEncoder:
    """Tokenise, run the exported transformer, mean-pool and normalise."""

    def __init__(self, model_dir: Path, onnx_file: Path, *, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer_file = model_dir / "tokenizer.json"
        if not tokenizer_file.exists():
            raise OnnxModelError(f"{model_dir} has no tokenizer.json (a fast tokenizer)")
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.enable_truncation(_max_length(model_dir))
        pad_id = self._tokenizer.token_to_id("[PAD]")
        self._tokenizer.enable_padding(pad_id=pad_id if pad_id is not None else 0)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or (os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        # Idle pool threads sleep instead of spinning: spinning ones take the CPU from
        # ingest's other threads and processes (as OMP_WAIT_POLICY=PASSIVE for torch).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            self._session: onnxruntime.InferenceSession = onnxruntime.InferenceSession(
                str(onnx_file), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise OnnxModelError(f"ONNX Runtime cannot load {onnx_file}: {exc}") from exc
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    def encode(self, texts: Sequence[str], batch_size: int) -> Vectors:
        """Unit vectors, one row per text, in order; batches of similar length."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            out[chosen] = self._batch([texts[i] for i in chosen])
        return out

    def _batch(self, texts: list[str]) -> Vectors:
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden[0] * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(pooled / norms, dtype=np.float32)


def _max_length(model_dir: Path) -> int:
    config = model_dir / "sentence_bert_config.json"
    if config.exists():
        with contextlib.suppress(ValueError, TypeError, KeyError):
            return int(json.loads(config.read_text("utf-8"))["max_seq_length"])
    return 512


if __name__ == "__main__":  # the child process of _export_in_child
    export_model(Path(sys.argv[1]), Path(sys.argv[2]))
