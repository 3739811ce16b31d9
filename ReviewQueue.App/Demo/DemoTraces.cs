using System.Globalization;
using System.Text.Json;
using ReviewQueue.Core.Traces;

namespace ReviewQueue.App.Demo;

/// <summary>
/// Realistic traces for the demo, the same every time for a seed: support chats over several
/// turns, RAG answers whose retrieval spans hold the passages, tool calls, failures, long
/// Markdown reports and code. Times count back from <c>start</c>.
/// </summary>
public static class DemoTraces
{
    private static readonly string[] Models = ["gpt-4o-mini", "gpt-4o", "claude-3-5-sonnet", "llama-3.1-70b"];
    private static readonly string[] Tiers = ["free", "pro", "enterprise"];
    private static readonly string[] Regions = ["eu-west-1", "us-east-1", "ap-southeast-2"];

    private static readonly (string Topic, string Question, string FollowUp, string Answer)[] Support =
    [
        ("refund", "I was charged twice for my March invoice. Can I get one of them refunded?",
            "It's invoice INV-2291. How long will it take?",
            "I'm sorry about the double charge. I've found **INV-2291** and flagged the duplicate payment.\n\n"
            + "1. The duplicate is refunded to the original card.\n2. Refunds take **5–10 business days**.\n"
            + "3. You'll get an email once it's processed.\n\nIs there anything else I can help with?"),
        ("password", "I can't log in, the reset email never arrives.",
            "I checked spam too. My address is on a company domain.",
            "Company mail filters sometimes hold our reset emails. Please try these steps:\n\n"
            + "- Ask IT to allow `no-reply@example-support.com`\n"
            + "- Request a new link (old links expire after 30 minutes)\n"
            + "- Or sign in with *Single sign-on* if your company uses it.\n\nWant me to send the link again now?"),
        ("shipping", "My order #58210 says delivered but nothing arrived.",
            "The tracking photo shows a different door.",
            "Thanks for checking the photo — that helps. I've opened a **carrier investigation** "
            + "for order #58210.\n\n"
            + "> Investigations usually close within 48 hours.\n\nIf the parcel isn't found, we'll ship a replacement "
            + "at no cost."),
        ("billing", "Why did my bill go up this month?",
            "We didn't add any seats though.",
            "Your plan renewed at the new list price. Here's the breakdown:\n\n"
            + "| item | before | now |\n| --- | --- | --- |\n"
            + "| Pro plan | $40 | $48 |\n| Seats (5) | $50 | $50 |\n\nNo seats were added. I can apply the "
            + "loyalty discount of 10% if you'd like."),
        ("cancel", "How do I cancel my subscription?",
            "Will I lose my data straight away?",
            "You can cancel any time under **Settings → Billing → Cancel plan**. Your data stays available for "
            + "*30 days* after the period ends, and you can export it as CSV meanwhile."),
        ("api", "Our integration keeps getting HTTP 429 from your API.",
            "We send about 50 requests per second at peak.",
            "429 means you've hit the rate limit (20 req/s on your plan). Retry with backoff:\n\n```python\n"
            + "import time, random\n\nfor attempt in range(5):\n    r = session.post(url, json=payload)\n"
            + "    if r.status_code != 429:\n        break\n    time.sleep(2 ** attempt + random.random())\n```\n\n"
            + "Or ask sales about the *Scale* tier with 100 req/s."),
    ];

    private static readonly (string Question, string[] Passages, string Answer)[] Rag =
    [
        ("What is the notice period for cancelling an enterprise contract?",
            [
                "Enterprise agreements renew annually. Either party may cancel with 60 days' written notice "
                + "before renewal.",
                "Monthly plans can be cancelled at any time from the billing page.",
                "Refunds are not issued for partial months on annual plans.",
            ],
            "Enterprise contracts need **60 days' written notice** before the renewal date [1]. Monthly plans differ: "
            + "they can be cancelled at any time [2]."),
        ("Does the product support SSO with Okta?",
            ["Single sign-on is available on Pro and Enterprise plans via SAML 2.0 and OIDC.",
             "Tested identity providers: Okta, Azure AD (Entra ID), Google Workspace, OneLogin.",
             "SCIM provisioning is available on Enterprise only."],
            "Yes. SSO works with Okta over SAML 2.0 or OIDC on Pro and Enterprise [1][2]. Automatic user "
            + "provisioning (SCIM) needs Enterprise [3]."),
        ("Where is customer data stored?",
            ["Customer data is stored in the region chosen at sign-up: EU (Frankfurt) or US (Virginia).",
             "Backups are encrypted with AES-256 and kept for 35 days in the same region."],
            "Data stays in the region picked at sign-up — **EU (Frankfurt)** or **US (Virginia)** [1] — "
            + "and backups "
            + "are encrypted and kept in that same region for 35 days [2]."),
        ("How do I rotate an API token?",
            ["Tokens are managed under Settings → API. Creating a new token does not revoke old ones.",
             "Revoked tokens stop working within one minute."],
            "Create a new token under *Settings → API*, deploy it, then revoke the old one; revocation takes "
            + "effect within a minute [1][2]."),
    ];

    private static readonly (string Tool, string Ask, object Args, object Result, string Reply)[] Tools =
    [
        ("get_order_status", "Where is my order 77120?", new { order_id = "77120" },
            new { status = "in_transit", carrier = "DHL", eta = "2 days" },
            "Your order **77120** is in transit with DHL and should arrive in about 2 days."),
        ("get_weather", "Do I need an umbrella in Lisbon tomorrow?", new { city = "Lisbon", day = "tomorrow" },
            new { forecast = "light rain", precipitation_mm = 3.2, temp_c = 17 },
            "Light rain is expected in Lisbon tomorrow (about 3 mm), so yes — take an umbrella."),
        ("lookup_invoice", "Send me a copy of invoice INV-3310.", new { invoice_id = "INV-3310" },
            new { found = true, amount = 129.0, currency = "EUR", pdf_url = "https://example.com/inv/3310.pdf" },
            "Here's [invoice INV-3310](https://example.com/inv/3310.pdf) for €129.00."),
        ("create_ticket", "The export button does nothing in Safari.",
            new { title = "Export fails in Safari", priority = "high" },
            new { ticket = "SUP-4821", queue = "web" },
            "I've filed **SUP-4821** with our web team. We'll update you by email."),
    ];

    private static readonly (string Type, string Message)[] Failures =
    [
        ("RateLimitError", "Rate limit reached for requests: 500 per minute. Retry after 12s."),
        ("TimeoutError", "The model did not answer within 30 seconds."),
        ("ContextLengthExceeded", "This model's maximum context length is 128000 tokens; the messages had 131205."),
        ("ToolError", "get_order_status failed: upstream returned 503 Service Unavailable."),
    ];

    public static string Id(string prefix, int n) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{n:D4}");

    public static IEnumerable<TraceInput> Generate(int count, int seed, DateTime start, string prefix)
    {
        var random = new Random(seed);
        for (var n = 1; n <= count; n++)
        {
            var at = start.AddMinutes(-(n * 37) - random.Next(0, 30));
            yield return (n % 10) switch
            {
                0 or 5 => RagTrace(random, prefix, n, at),
                3 or 8 => ToolTrace(random, prefix, n, at),
                7 when n % 20 == 7 => FailedTrace(random, prefix, n, at),
                9 when n % 30 == 9 => LongReport(random, prefix, n, at),
                6 when n % 20 == 6 => CodeTrace(random, prefix, n, at),
                4 when n % 40 == 4 => ExtractionTrace(random, prefix, n, at),
                _ => SupportChat(random, prefix, n, at),
            };
        }
    }

    private static TraceInput SupportChat(Random random, string prefix, int n, DateTime at)
    {
        var chat = Support[random.Next(Support.Length)];
        var model = Pick(random, Models);
        var turns = random.Next(1, 3);
        var messages = new List<object>
        {
            new { role = "system", content = "You are a friendly support assistant for Acme Cloud. Be concise." },
            new { role = "user", content = chat.Question },
        };
        if (turns > 1)
        {
            messages.Add(new
            {
                role = "assistant",
                content = "Thanks for reaching out! Could you share a bit more detail?",
            });
            messages.Add(new { role = "user", content = chat.FollowUp });
        }

        if (n % 50 == 1)
        {
            // A user pasting markup: the trace view must show it as text.
            messages.Add(new
            {
                role = "user",
                content = "The page shows <script>alert('hi')</script> and <img src=x onerror=alert(1)> in the footer.",
            });
        }

        var latency = random.Next(600, 4_000);
        var (prompt, completion) = (random.Next(150, 900), random.Next(60, 400));
        return Trace(prefix, n, $"support-chat/{chat.Topic}", at, messages,
            new { role = "assistant", content = chat.Answer }, random, latency, prompt, completion, model,
            ["support", chat.Topic], TraceStatus.OK,
            [Span("llm-1", null, "chat-completion", SpanKind.LLM, at, latency, messages, chat.Answer, model)]);
    }

    private static TraceInput RagTrace(Random random, string prefix, int n, DateTime at)
    {
        var rag = Rag[random.Next(Rag.Length)];
        var model = Pick(random, Models);
        var passages = rag.Passages.Select((text, i) => new
        {
            id = string.Create(CultureInfo.InvariantCulture, $"kb-{random.Next(100, 999)}#{i + 1}"),
            score = Math.Round(0.92 - (i * 0.07) - (random.NextDouble() * 0.03), 3),
            text,
        }).ToArray();
        var retrieval = random.Next(40, 220);
        var generation = random.Next(700, 2_800);
        var messages = new object[] { new { role = "user", content = rag.Question } };
        var context = string.Join("\n", passages.Select((p, i) => $"[{i + 1}] {p.text}"));

        return Trace(prefix, n, "rag/knowledge-base-answer", at, messages,
            new { role = "assistant", content = rag.Answer }, random, retrieval + generation + 30,
            random.Next(600, 1_600), random.Next(80, 260), model, ["rag", "knowledge-base"], TraceStatus.OK,
            [
                Span("chain-1", null, "answer-question", SpanKind.CHAIN, at, retrieval + generation + 20,
                    new { question = rag.Question }, new { answer = rag.Answer }, null),
                Span("ret-1", "chain-1", "vector-search", SpanKind.RETRIEVAL, at.AddMilliseconds(5), retrieval,
                    new { query = rag.Question, top_k = passages.Length, index = "kb-2026-11" },
                    new { passages }, null),
                Span("llm-1", "chain-1", "generate-answer", SpanKind.LLM, at.AddMilliseconds(retrieval + 10),
                    generation,
                    new object[]
                    {
                        new
                        {
                            role = "system",
                            content = "Answer only from the numbered passages and cite them.\n\n" + context,
                        },
                        new { role = "user", content = rag.Question },
                    },
                    rag.Answer, model),
            ]);
    }

    private static TraceInput ToolTrace(Random random, string prefix, int n, DateTime at)
    {
        var tool = Tools[random.Next(Tools.Length)];
        var model = Pick(random, Models);
        var plan = random.Next(300, 900);
        var call = random.Next(50, 600);
        var reply = random.Next(300, 1_200);
        var callId = string.Create(CultureInfo.InvariantCulture, $"call_{random.Next(100_000, 999_999)}");
        var messages = new object[]
        {
            new { role = "user", content = tool.Ask },
            new
            {
                role = "assistant",
                content = (string?)null,
                tool_calls = new[]
                {
                    new { id = callId, type = "function", function = new { name = tool.Tool, arguments = tool.Args } },
                },
            },
            new { role = "tool", content = JsonSerializer.Serialize(tool.Result), tool_call_id = callId },
        };

        return Trace(prefix, n, $"agent/{tool.Tool}", at, messages, new { role = "assistant", content = tool.Reply },
            random, plan + call + reply + 15, random.Next(300, 800), random.Next(40, 200), model,
            ["tool-call", "agent"], TraceStatus.OK,
            [
                Span("llm-1", null, "plan", SpanKind.LLM, at, plan, new { prompt = tool.Ask },
                    new { tool = tool.Tool, arguments = tool.Args }, model),
                Span("tool-1", null, tool.Tool, SpanKind.TOOL, at.AddMilliseconds(plan + 5), call, tool.Args,
                    tool.Result, null),
                Span("llm-2", null, "respond", SpanKind.LLM, at.AddMilliseconds(plan + call + 10), reply,
                    new { tool_result = tool.Result }, tool.Reply, model),
            ]);
    }

    private static TraceInput FailedTrace(Random random, string prefix, int n, DateTime at)
    {
        var failure = Failures[random.Next(Failures.Length)];
        var chat = Support[random.Next(Support.Length)];
        var model = Pick(random, Models);
        var latency = failure.Type == "TimeoutError" ? 30_000 : random.Next(100, 1_500);
        var messages = new object[] { new { role = "user", content = chat.Question } };

        return Trace(prefix, n, $"support-chat/{chat.Topic}", at, messages,
            new
            {
                error = new
                {
                    type = failure.Type,
                    message = failure.Message,
                    retryable = failure.Type != "ContextLengthExceeded",
                },
            },
            random, latency, random.Next(100, 600), 0, model, ["support", "error"], TraceStatus.ERROR,
            [Span("llm-1", null, "chat-completion", SpanKind.LLM, at, latency, messages,
                new { error = failure.Message }, model)]);
    }

    private static TraceInput LongReport(Random random, string prefix, int n, DateTime at)
    {
        var model = Pick(random, Models);
        var sections = Enumerable.Range(1, 8).Select(i =>
            FormattableString.Invariant($"## {i}. Finding {i}\n\nTickets in week {i} mentioned *slow exports* ")
            + FormattableString.Invariant($"{random.Next(5, 80)} times. Median time to first reply was ")
            + FormattableString.Invariant($"**{random.Next(2, 40)} minutes**, and {random.Next(60, 99)}% of ")
            + "customers rated the answer as helpful.\n\n- Root cause: a missing index on exports\n"
            + "- Action: ship the index and add a progress bar\n- Owner: platform team\n");
        var report = "# Weekly support summary\n\n" + string.Join("\n", sections)
            + "\n\n---\n\nGenerated from 1,204 tickets. Numbers are rounded.";
        var latency = random.Next(8_000, 25_000);
        var messages = new object[]
        {
            new { role = "system", content = "Write a weekly report in Markdown with numbered sections." },
            new { role = "user", content = "Summarise this week's support tickets for the leadership meeting." },
        };

        return Trace(prefix, n, "reports/weekly-summary", at, messages, new { role = "assistant", content = report },
            random, latency, random.Next(6_000, 20_000), random.Next(1_500, 3_500), model, ["long-output", "report"],
            TraceStatus.OK, [Span("llm-1", null, "write-report", SpanKind.LLM, at, latency, messages, report, model)]);
    }

    private static TraceInput CodeTrace(Random random, string prefix, int n, DateTime at)
    {
        var model = Pick(random, Models);
        const string Answer = "Here's a small C# helper that retries with exponential backoff:\n\n```csharp\n"
            + "public static async Task<T> RetryAsync<T>(Func<Task<T>> action, int attempts = 5)\n{\n"
            + "    for (var i = 1; ; i++)\n    {\n        try { return await action(); }\n"
            + "        catch (HttpRequestException) when (i < attempts)\n        {\n"
            + "            await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, i)));\n"
            + "        }\n    }\n}\n```\n\n"
            + "Call it as `await RetryAsync(() => client.GetStringAsync(url));`.";
        var latency = random.Next(1_500, 6_000);
        var messages = new object[]
        {
            new { role = "user", content = "Write a C# retry helper with exponential backoff for HttpClient calls." },
        };

        return Trace(prefix, n, "assistant/code-help", at, messages, new { role = "assistant", content = Answer },
            random, latency, random.Next(80, 200), random.Next(150, 500), model, ["code", "developer"], TraceStatus.OK,
            [Span("llm-1", null, "chat-completion", SpanKind.LLM, at, latency, messages, Answer, model)]);
    }

    private static TraceInput ExtractionTrace(Random random, string prefix, int n, DateTime at)
    {
        var model = Pick(random, Models);
        var input = new
        {
            task = "extract-invoice-fields",
            document = new { filename = $"scan-{n}.pdf", pages = random.Next(1, 4), language = "en" },
            schema = new[] { "vendor", "total", "currency", "due_date" },
        };
        var output = new
        {
            vendor = "Northwind Traders",
            total = Math.Round(random.NextDouble() * 900 + 50, 2),
            currency = "EUR",
            due_date = at.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            confidence = new { vendor = 0.98, total = 0.91, due_date = 0.77 },
        };
        var latency = random.Next(900, 3_000);

        return Trace(prefix, n, "extraction/invoice", at, input, output, random, latency, random.Next(900, 2_000),
            random.Next(40, 90), model, ["extraction", "batch"], TraceStatus.OK,
            [Span("llm-1", null, "extract", SpanKind.LLM, at, latency, input, output, model)]);
    }

    private static TraceInput Trace(string prefix, int n, string name, DateTime at, object input, object output,
        Random random, int latency, int prompt, int completion, string model, string[] tags, TraceStatus status,
        IReadOnlyList<SpanInput> spans)
    {
        var environment = n % 4 == 0 ? "staging" : "production";
        var pricePer1k = model switch
        {
            "gpt-4o" => 0.005,
            "claude-3-5-sonnet" => 0.003,
            "llama-3.1-70b" => 0.0009,
            _ => 0.00015,
        };
        var metadata = new
        {
            environment,
            release = string.Create(CultureInfo.InvariantCulture, $"2026.11.{n % 5}"),
            region = Pick(random, Regions),
            customer_tier = Pick(random, Tiers),
            prompt_version = n % 3 == 0 ? "v7" : "v8",
            model,
        };

        return new TraceInput(
            Id(prefix, n), name, at,
            JsonSerializer.SerializeToElement(input), JsonSerializer.SerializeToElement(output),
            JsonSerializer.SerializeToElement(metadata), [.. tags, environment],
            string.Create(CultureInfo.InvariantCulture, $"user-{random.Next(1, 60):D3}"),
            string.Create(CultureInfo.InvariantCulture, $"session-{n / 3:D4}"),
            latency, prompt, completion, prompt + completion,
            Math.Round((prompt + completion) / 1000.0 * pricePer1k, 6), status, spans);
    }

    private static SpanInput Span(string id, string? parent, string name, SpanKind kind, DateTime start, int durationMs,
        object? input, object? output, string? model) =>
        new(id, parent, name, kind, start, start.AddMilliseconds(durationMs),
            input is null ? null : JsonSerializer.SerializeToElement(input),
            output is null ? null : JsonSerializer.SerializeToElement(output), model);

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
