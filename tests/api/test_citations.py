"""url_citation annotations become typed citations, streamed or whole; the key's spend is read."""

from __future__ import annotations

from tui.api.content import Citation, WebSearch, citations_from_json
from tui.api.events import Citations
from tui.api.parse import StreamParser
from tui.api.sse import SSEEvent
from tui.api.types import ChatMessage, ChatRequest, KeyInfo

HOSTILE = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\x9b31m"


def web_request(model: str = "sim/normal", results: int = 3, stream: bool = True) -> ChatRequest:
    return ChatRequest(
        model,
        (ChatMessage("user", "What is new with platypuses?"),),
        plugins=(WebSearch(max_results=results),),
        stream=stream,
    )


async def test_streamed_citations_come_as_one_event_with_each_source(client):
    events = [e async for e in client.stream_chat(web_request(results=3))]
    found = [e for e in events if isinstance(e, Citations)]
    assert len(found) == 1
    cited = found[0].citations
    assert [c.url for c in cited] == [
        "https://search.example/1?q=919",
        "https://search.example/2?q=838",
        "https://search.example/3?q=757",
    ]
    assert cited[0].title == "Result 1 on What is new with platypuses?"
    assert cited[0].start_index == 0 and cited[0].end_index is not None


async def test_a_whole_answer_carries_its_message_annotations(client):
    completion = await client.chat(web_request(results=2, stream=False))
    assert [c.url for c in completion.citations] == [
        "https://search.example/1?q=919",
        "https://search.example/2?q=838",
    ]
    assert all(c.content.startswith("What source") for c in completion.citations)


async def test_no_citations_without_the_web_plugin(client):
    request = ChatRequest("sim/normal", (ChatMessage("user", "hi"),))
    events = [e async for e in client.stream_chat(request)]
    assert not any(isinstance(e, Citations) for e in events)


def test_annotations_other_than_url_citations_are_skipped() -> None:
    found = citations_from_json(
        [
            {"type": "file_annotation", "file": {"name": "x"}},
            {"type": "url_citation", "url_citation": {"title": "no url"}},
            {"type": "url_citation", "url_citation": {"url": "https://a.example", "title": 3}},
            "junk",
        ]
    )
    assert found == (Citation("https://a.example"),)


def test_hostile_strings_are_kept_as_they_came_for_the_display_to_neutralise() -> None:
    data = [
        {"type": "url_citation", "url_citation": {"url": "https://x.example", "title": HOSTILE}}
    ]
    assert citations_from_json(data)[0].title == HOSTILE


def test_a_negative_or_boolean_index_is_no_index() -> None:
    body = {"url": "https://a.example", "start_index": -1, "end_index": True}
    cited = citations_from_json([{"type": "url_citation", "url_citation": body}])[0]
    assert (cited.start_index, cited.end_index) == (None, None)


def test_annotations_in_a_final_delta_are_parsed() -> None:
    chunk = (
        '{"id":"g","model":"m","choices":[{"index":0,"delta":{"content":"",'
        '"annotations":[{"type":"url_citation","url_citation":{"url":"https://b.example",'
        '"title":"B","start_index":2,"end_index":5}}]},"finish_reason":"stop"}]}'
    )
    events = StreamParser().feed(SSEEvent(data=chunk))
    found = [e for e in events if isinstance(e, Citations)]
    assert found == [Citations((Citation("https://b.example", "B", "", 2, 5),))]


async def test_the_key_reports_usage_limit_and_daily_weekly_monthly_spend(client):
    await client.chat(web_request(stream=False))
    info = await client.key_info()
    assert info is not None
    assert info.limit == 25.0
    assert info.usage is not None and info.usage > 0
    assert info.limit_remaining == round(25.0 - info.usage, 8)
    assert info.usage_daily == info.usage_weekly == info.usage_monthly == info.usage
    assert info.limit_reset == "monthly"


def test_a_key_is_running_out_below_a_tenth_of_its_limit() -> None:
    assert KeyInfo(limit=10.0, limit_remaining=0.5).running_out()
    assert not KeyInfo(limit=10.0, limit_remaining=5.0).running_out()
    assert not KeyInfo(limit=None, limit_remaining=None).running_out()
    assert KeyInfo(limit=10.0, limit_remaining=2.0).running_out(fraction=0.25)
