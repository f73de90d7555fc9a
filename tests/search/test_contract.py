"""One contract, every backend: what a caller of SearchBackend may rely on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from linkhub.search.documents import SearchQuery, SearchResult


@pytest.fixture
def CORPUS(corpus):
    return corpus


@pytest.fixture
def BY_DATE(corpus):
    return [d.doc_id for d in sorted(corpus, key=lambda d: d.published_on, reverse=True)]


def ids(result: SearchResult) -> list[str]:
    return [h.doc_id for h in result.hits]


def find(backend, text="", **kw) -> SearchResult:
    return backend.search(SearchQuery(text=text, **kw))


def test_indexed_document_is_found_with_its_fields(loaded, CORPUS):
    result = find(loaded, "Oak Lodge")
    assert ids(result) == ["report:r1"]
    hit = result.hits[0]
    assert (hit.title, hit.url, hit.kind) == (CORPUS[0].title, "/reports/report:r1", "report")
    assert hit.published_on == date(2009, 3, 10)
    assert hit.fields["network"] == "leeds" and hit.fields["providers"] == ["Oak Lodge Ltd"]
    assert result.total == 1 and not result.total_is_estimate


def test_indexing_twice_keeps_one_document_with_the_latest_content(loaded, CORPUS):
    loaded.index(CORPUS[0])
    loaded.index(
        replace(
            CORPUS[0],
            title="Enter and view visit to Birch House",
            summary="Authorised representatives went to Birch House.",
        )
    )
    assert find(loaded, "Oak Lodge").total == 0
    assert ids(find(loaded, "Birch House")) == ["report:r1"]
    assert loaded.health()["documents"] == {"report": 7, "shared_issue": 2}


def test_delete_removes_and_missing_delete_is_fine(loaded, CORPUS):
    loaded.delete("report:r1")
    loaded.delete("report:r1")
    loaded.delete("report:never-indexed")
    assert find(loaded, "Oak Lodge").total == 0
    assert find(loaded).total == len(CORPUS) - 1


def test_bulk_counts_and_reindex_replaces_everything(loaded, CORPUS):
    assert find(loaded).total == len(CORPUS)
    seen = []
    assert loaded.reindex(CORPUS[:2], progress=seen.append) == 2
    assert seen and seen[-1] == 2
    assert sorted(ids(find(loaded))) == ["report:r1", "report:r2"]


def test_relevance_puts_the_stronger_match_first(loaded):
    # r7 has "dignity" in title, summary and body; r1 once in its body, and is newer.
    assert ids(find(loaded, "dignity")) == ["report:r7", "report:r1"]
    assert ids(find(loaded, "dignity", sort="date")) == ["report:r1", "report:r7"]
    assert all(h.score is not None for h in find(loaded, "dignity").hits)


def test_stemming_finds_other_forms(loaded):
    assert "report:r1" in ids(find(loaded, "visits"))
    assert "report:r1" in ids(find(loaded, "visiting"))
    assert "report:r4" in ids(find(loaded, "appointment"))


def test_phrase_needs_adjacent_words(loaded):
    assert sorted(ids(find(loaded, "care home"))) == ["report:r1", "report:r3", "report:r5"]
    assert ids(find(loaded, '"care home"')) == ["report:r1"]
    assert ids(find(loaded, '"home care"')) == ["report:r5"]


def test_minus_excludes(loaded, BY_DATE):
    assert sorted(ids(find(loaded, "ambulance"))) == ["report:r2", "report:r6", "shared_issue:s1"]
    assert ids(find(loaded, "ambulance -handover")) == ["report:r6"]
    assert ids(find(loaded, 'ambulance -"emergency department"')) == ["report:r6"]
    only_excluding = find(loaded, "-handover", per_page=50)
    assert ids(only_excluding) == [i for i in BY_DATE if i not in ("report:r2", "shared_issue:s1")]


def test_or_between_words(loaded):
    assert sorted(ids(find(loaded, "dignity OR crisis"))) == ["report:r1", "report:r3", "report:r7", "shared_issue:s2"]


def test_prefix(loaded):
    assert sorted(ids(find(loaded, "ambul*"))) == ["report:r2", "report:r6", "shared_issue:s1"]
    assert ids(find(loaded, "disch*")) == ["report:r5"]
    assert ids(find(loaded, "crisis wee*")) == ["shared_issue:s2"]


def test_filters_and_across_facets_or_within(loaded):
    yorkshire = find(loaded, filters={"region": ["yorkshire"]}, per_page=50)
    assert sorted(ids(yorkshire)) == ["report:r1", "report:r2", "report:r3", "report:r6", "shared_issue:s1"]
    both = find(loaded, filters={"region": ["yorkshire"], "service_types": ["hospital", "ambulance"]})
    assert sorted(ids(both)) == ["report:r2", "report:r6", "shared_issue:s1"]
    assert both.total == 3
    assert ids(find(loaded, "waited", filters={"providers": ["Ardwick Medical Practice"]})) == ["report:r4"]
    assert ids(find(loaded, filters={"year": [2011]}, kind="report")) == ["report:r6", "report:r5"]
    assert find(loaded, filters={"network": ["nowhere"]}).total == 0


def test_kind_and_date_range(loaded):
    in_2010 = find(loaded, date_from=date(2010, 1, 1), date_to=date(2010, 12, 31))
    assert ids(in_2010) == ["shared_issue:s1", "report:r4", "report:r3"]
    assert ids(find(loaded, kind="shared_issue")) == ["shared_issue:s2", "shared_issue:s1"]
    assert ids(find(loaded, "ambulance", date_from=date(2010, 1, 1), kind="report")) == ["report:r6"]


def test_sort_by_date_and_empty_query_browses_newest_first(loaded, CORPUS, BY_DATE):
    assert ids(find(loaded, "ambulance", sort="date")) == ["report:r6", "shared_issue:s1", "report:r2"]
    browse = find(loaded, per_page=50)
    assert ids(browse) == BY_DATE and browse.total == len(CORPUS)
    assert ids(find(loaded, "   ", per_page=50)) == BY_DATE


def test_pages_and_page_beyond_the_end(loaded, CORPUS, BY_DATE):
    pages = [find(loaded, page=p, per_page=4) for p in (1, 2, 3)]
    assert [len(p.hits) for p in pages] == [4, 4, 1]
    assert sum((ids(p) for p in pages), []) == BY_DATE
    assert all(p.total == len(CORPUS) for p in pages)
    beyond = find(loaded, page=10, per_page=4)
    assert beyond.hits == [] and beyond.total == len(CORPUS)
    ranked = [find(loaded, "waiting OR waited OR waits", page=p, per_page=2) for p in (1, 2, 3)]
    assert len(set(sum((ids(p) for p in ranked), []))) == ranked[0].total == 4


def test_facet_counts(loaded):
    result = find(loaded, "ambulance", facets=("region", "service_types", "providers", "year"))
    assert result.facets["region"] == [("yorkshire", 3)]
    assert result.facets["service_types"] == [("ambulance", 3), ("hospital", 1)]
    assert result.facets["providers"] == [("Yorkshire Ambulance Service", 3), ("Leeds Teaching Hospitals", 1)]
    assert result.facets["year"] == [("2009", 1), ("2010", 1), ("2011", 1)]
    assert not result.facets_are_estimates


def test_facet_counts_ignore_their_own_selection(loaded):
    # Selecting north_west still shows yorkshire as an alternative; other facets narrow.
    result = find(loaded, filters={"region": ["north_west"]}, facets=("region", "theme"))
    assert result.total == 3
    assert result.facets["region"] == [("yorkshire", 5), ("north_west", 3), ("london", 1)]
    assert result.facets["theme"] == [("access", 1), ("discharge", 1), ("waiting", 1)]
    assert loaded.facets(SearchQuery(filters={"region": ["north_west"]}, facets=("theme",))) == {
        "theme": result.facets["theme"]
    }


def test_highlights_mark_matches_and_escape_document_html(loaded):
    result = find(loaded, "crisis")
    assert result.hits and all("<mark>" in h.snippet for h in result.hits)
    assert any("<mark>crisis</mark>" in h.snippet.lower() for h in result.hits)
    phones = find(loaded, "phone lines")
    assert "<mark>" in phones.hits[0].snippet
    assert "<b>" not in phones.hits[0].snippet and "& " not in phones.hits[0].snippet


def test_shared_issues_only_visible_to_their_working_groups(loaded):
    everyone = find(loaded, "crisis OR handover", per_page=50)
    assert {"shared_issue:s1", "shared_issue:s2"} <= set(ids(everyone))
    group_1 = find(loaded, "crisis OR handover", working_group_ids=[1], per_page=50)
    assert "shared_issue:s1" in ids(group_1) and "shared_issue:s2" not in ids(group_1)
    public = find(loaded, "crisis OR handover", working_group_ids=[], per_page=50, facets=("pathway",))
    assert all(h.kind == "report" for h in public.hits) and public.total == 2
    assert public.facets["pathway"] == [("ambulance", 1), ("mental_health", 1)]
    assert ids(find(loaded, working_group_ids=[3], kind="shared_issue")) == ["shared_issue:s2"]


GARBAGE = [
    '"',
    '""',
    '"unbalanced phrase',
    "-",
    "--",
    "- -",
    "OR",
    "AND",
    "NOT",
    "ambulance OR",
    "OR ambulance",
    "AND OR NOT",
    "*",
    "**",
    "a*",
    "ambulance*",
    "^ambulance",
    "title:ambulance",
    "NEAR(ambulance handover)",
    "(ambulance",
    "ambulance)",
    "+-+",
    "!handover",
    "ambulance & | ! <-> :* '",
    "'",
    "\\",
    "%_",
    ";DROP TABLE x;--",
    "\x00\x01\x02\x03",
    "🚑 ambulance",
    "ambulance " * 200,
    "x" * 5000,
    "the",
    "-the",
    "a AND",
    "e-mail",
    "A&E",
    "ambulance -",
    '"ambulance" -"',
    "{title}: x",
    "ambulance^2",
]


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_queries_never_raise(loaded, text):
    result = find(loaded, text, facets=("region",))
    assert isinstance(result, SearchResult) and result.total >= 0
    assert find(loaded, text, sort="date").total == result.total


def test_garbage_still_finds_plain_words(loaded):
    assert "report:r2" in ids(find(loaded, '"ambulance handover'))
    assert "report:r2" in ids(find(loaded, "(ambulance) OR"))
    assert "report:r2" in ids(find(loaded, "^ambulance: +"))


def test_suggest_titles_by_prefix(loaded):
    assert set(loaded.suggest("ambul", kind="report")) == {
        "Ambulance handover delays at Leeds General",
        "Regional ambulance response times",
    }
    assert loaded.suggest("ambulance hand", kind="report") == ["Ambulance handover delays at Leeds General"]
    assert loaded.suggest("crisis", working_group_ids=[]) == ["Mental health crisis support in Bradford"]
    assert loaded.suggest("") == [] and loaded.suggest('"*') == []


def test_health_counts_documents_per_kind(backend, CORPUS):
    assert backend.health()["documents"] == {"report": 0, "shared_issue": 0}
    backend.bulk(CORPUS)
    health = backend.health()
    assert health["status"] == "ok"
    assert health["documents"] == {"report": 7, "shared_issue": 2} and health["total"] == 9


def test_install_is_idempotent(loaded, CORPUS):
    loaded.install()
    assert find(loaded).total == len(CORPUS)
