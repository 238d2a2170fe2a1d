"""The rule toolkit: what several rules need to know about a Dockerfile, one module per subject.

Rules import from here, never from another rule. Look here (and in ``stanzalint.analysis``)
before writing a helper; ``docs/architecture.md`` lists what each module holds. The package
imports nothing itself, so a rule pays only for the modules it uses.
"""
