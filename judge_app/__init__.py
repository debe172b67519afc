"""judge_app: offline contest judging — exact scoring, vote import, live stage, certificates."""

__version__ = "0.1.0"
