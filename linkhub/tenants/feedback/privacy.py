"""Who reads feedback text as it was written: host staff see the original; members see it
with names and other personal details scrubbed (federation's anonymiser, through its public
interface), on the pages and in the API alike."""

from __future__ import annotations

from linkhub.federation.public import scrub


def text_for(text: str, is_staff: bool) -> str:
    return text if is_staff else scrub(text)
