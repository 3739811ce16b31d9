using AngleSharp.Dom;
using Bunit;
using ReviewQueue.App.Components.Shared;
using ReviewQueue.App.Rendering;
using ReviewQueue.Core.Reviews;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.Tests.Components;

public sealed class TraceViewTests : MudTestContext
{
    private static readonly DateTime At = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ChatMessagesRenderAsAConversation()
    {
        var trace = Trace(
            input: """[{"role":"system","content":"Be brief."},{"role":"user","content":"Where is my order?"}]""",
            output: """{"role":"assistant","content":"It ships **tomorrow**."}""");

        var view = Context.Render<TraceView>(p => p.Add(v => v.Trace, trace));

        var messages = view.FindAll("[data-testid=chat-message]");
        messages.Select(m => m.GetAttribute("data-role")).Should().Equal("system", "user", "assistant");
        messages[1].TextContent.Should().Contain("Where is my order?");
        view.Find("[data-testid=trace-output] strong").TextContent.Should().Be("tomorrow");
    }

    [Fact]
    public void OtherJsonRendersAsACollapsibleTree()
    {
        var trace = Trace(
            input: """{"task":"extract","document":{"pages":3,"tags":["a","b"]},"strict":true}""",
            output: """[1, 2, 3]""");

        var view = Context.Render<TraceView>(p => p.Add(v => v.Trace, trace));

        var input = view.Find("[data-testid=trace-input]");
        input.QuerySelectorAll("[data-testid=chat-message]").Should().BeEmpty();
        input.QuerySelector("[data-testid=json-tree] details").Should().NotBeNull();
        input.QuerySelectorAll(".rq-json-key").Select(k => k.TextContent.Trim())
            .Should().Contain(["task:", "document:", "pages:", "strict:"]);
        input.QuerySelector(".rq-json-string")!.TextContent.Should().Be("\"extract\"");
        view.Find("[data-testid=trace-output] .rq-json-count").TextContent.Should().Contain("3 items");
    }

    [Fact]
    public void MarkdownInMessagesIsRendered()
    {
        var markdown = "# Title\\n\\n- one\\n- two\\n\\n```csharp\\nvar x = 1;\\n```\\n\\n"
            + "[docs](https://example.com/docs)";
        var trace = Trace(input: $$"""[{"role":"user","content":"{{markdown}}"}]""");

        var view = Context.Render<TraceView>(p => p.Add(v => v.Trace, trace));

        var message = view.Find("[data-testid=chat-message] .rq-markdown");
        message.QuerySelector("h1")!.TextContent.Should().Be("Title");
        message.QuerySelectorAll("li").Should().HaveCount(2);
        message.QuerySelector("pre code")!.TextContent.Should().Contain("var x = 1;");
        message.QuerySelector("a")!.GetAttribute("href").Should().Be("https://example.com/docs");
    }

    [Theory]
    [InlineData("<script>alert('x')</script>", "script")]
    [InlineData("<img src=x onerror=alert(1)>", "img")]
    [InlineData("<div onclick=\\\"alert(1)\\\">click</div>", "div[onclick]")]
    public void HtmlInAMessageRendersAsInertText(string html, string forbidden)
    {
        var trace = Trace(input: $$"""[{"role":"user","content":"Look: {{html}}"}]""");

        var view = Context.Render<TraceView>(p => p.Add(v => v.Trace, trace));

        var message = view.Find("[data-testid=chat-message]");
        message.QuerySelectorAll(forbidden).Should().BeEmpty();
        message.QuerySelectorAll("[onerror], [onclick]").Should().BeEmpty();
        message.TextContent.Should().Contain(html.Replace("\\\"", "\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JavaScript:alert(1))")]
    [InlineData("[x](&#106;avascript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    public void LinksCannotRunScript(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        html.Should().NotContainEquivalentOf("javascript:");
        html.Should().NotContain("data:text");
    }

    [Fact]
    public void SpansShowAsATreeWithDurations()
    {
        var spans = new List<SpanView>
        {
            new("root", null, "answer", SpanKind.CHAIN, At, At.AddMilliseconds(1500), null, null, null),
            new("ret", "root", "vector-search", SpanKind.RETRIEVAL, At, At.AddMilliseconds(120),
                """{"query":"q"}""", """{"passages":[{"text":"Refunds take 5 days."}]}""", null),
            new("llm", "root", "generate", SpanKind.LLM, At.AddMilliseconds(130), At.AddMilliseconds(1490),
                null, "\"ok\"", "gpt-4o-mini"),
        };
        var trace = Trace(spans: spans);

        var view = Context.Render<TraceView>(p => p.Add(v => v.Trace, trace));

        var root = view.Find("[data-testid=span][data-span-id=root]");
        root.QuerySelectorAll("[data-testid=span]").Select(s => s.GetAttribute("data-span-id"))
            .Should().Equal("ret", "llm");
        view.Find("[data-span-id=ret] [data-testid=span-duration]").TextContent.Should().Be("120 ms");
        root.QuerySelector("[data-testid=span-duration]")!.TextContent.Should().Be("1.50 s");
        view.Find("[data-span-id=ret]").TextContent.Should().Contain("Refunds take 5 days.");
    }

    [Fact]
    public void HeaderMetadataAndAnnotationsAreShown()
    {
        var annotation = new AnnotationView(1, ReviewDecision.REJECTED, Sentiment.NEGATIVE, "hallucination",
            "Made up a <b>policy</b>.", "Mina Member", "Weekly quality audit", 3, At, At);
        var trace = Trace(status: TraceStatus.ERROR, annotations: [annotation]);

        var view = Context.Render<TraceView>(p => p.Add(v => v.Trace, trace));

        view.Find("[data-testid=trace-name]").TextContent.Should().Be("support-chat/refund");
        view.Find("[data-testid=trace-id]").TextContent.Should().Be("trace-1");
        view.Find("[data-testid=trace-status]").TextContent.Trim().Should().Be("ERROR");
        view.Find("[data-testid=trace-metadata]").TextContent.Should().Contain("production");
        var note = view.Find("[data-testid=annotation]");
        note.TextContent.Should().Contain("hallucination").And.Contain("Mina Member").And.Contain("NEGATIVE");
        note.QuerySelectorAll("b").Should().BeEmpty();
    }

    [Fact]
    public void ACopyWithoutTestHooksCarriesNoTestIds()
    {
        var spans = new List<SpanView>
        {
            new("root", null, "answer", SpanKind.CHAIN, At, At.AddMilliseconds(1500), "{}", "\"ok\"", null),
        };
        var annotation = new AnnotationView(1, ReviewDecision.APPROVED, Sentiment.POSITIVE, null, "Fine.",
            "Mina Member", "Weekly quality audit", 3, At, At);
        var trace = Trace(input: """[{"role":"user","content":"Where is my order?"}]""", output: "[1, 2]",
            spans: spans, annotations: [annotation]);

        var view = Context.Render<TraceView>(p => p.Add(v => v.Trace, trace).Add(v => v.TestHooks, false));

        view.FindAll("[data-testid]").Should().BeEmpty();
        view.Find(".rq-markdown").TextContent.Should().Contain("Where is my order?");

        view.Render(p => p.Add(v => v.TestHooks, true));

        view.Find("[data-testid=trace-view]").GetAttribute("data-trace-id").Should().Be("trace-1");
        view.FindAll("[data-testid=chat-message]").Should().ContainSingle();
        view.FindAll("[data-testid=span]").Should().ContainSingle();
    }

    [Fact]
    public void TheSameTracePassedAgainRendersNothing()
    {
        var trace = Trace(input: """[{"role":"user","content":"Where is my order?"}]""");
        var view = Context.Render<TraceView>(p => p.Add(v => v.Trace, trace));
        var renders = view.RenderCount;

        view.Render(p => p.Add(v => v.Trace, trace));

        view.RenderCount.Should().Be(renders);

        view.Render(p => p.Add(v => v.Trace, trace with { Name = "support-chat/exchange" }));

        view.RenderCount.Should().BeGreaterThan(renders);
        view.Find("[data-testid=trace-name]").TextContent.Should().Be("support-chat/exchange");
    }

    private static TraceDetail Trace(string? input = null, string? output = null, TraceStatus status = TraceStatus.OK,
        IReadOnlyList<SpanView>? spans = null, IReadOnlyList<AnnotationView>? annotations = null) =>
        new(1, "trace-1", "support-chat/refund", At, input, output, """{"environment":"production"}""",
            "user-1", "session-1", 1200, 100, 50, 150, 0.0012, status, ["support"], spans ?? [], annotations ?? []);
}
