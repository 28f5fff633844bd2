"""Synthetic organization generator: a large, realistic data/ tree for benchmarks and demos.

    from handbook.synthetic import generate
    counts = generate(Path("demo"), positions=2000, seed=1)
"""

from .build import MIN_POSITIONS, generate

__all__ = ["generate", "MIN_POSITIONS"]
