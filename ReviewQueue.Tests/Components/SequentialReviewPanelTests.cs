using Bunit;
using MudBlazor;
using ReviewQueue.App.Components.Pages.Review.Sequential;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Tests.Components;

public sealed class SequentialReviewPanelTests : MudTestContext
{
    [Fact]
    public void SubmitWithoutSentimentShowsHintAndSendsNothing()
    {
        var sent = new List<ReviewValues>();
        var panel = Context.Render<ReviewPanel>(p => p
            .Add(x => x.Draft, new ReviewDraft())
            .Add(x => x.OnSubmit, values => sent.Add(values)));

        panel.Find("[data-testid=submit-review]").Click();

        panel.Find("[data-testid=review-hint]").TextContent.Should().Contain("Choose a sentiment first");
        sent.Should().BeEmpty();
    }

    [Fact]
    public void DecisionDefaultsToApprove()
    {
        var panel = Context.Render<ReviewPanel>(p => p.Add(x => x.Draft, new ReviewDraft()));

        panel.Find("[data-testid=decision-approved]").GetAttribute("aria-pressed").Should().Be("true");
        panel.Find("[data-testid=decision-rejected]").GetAttribute("aria-pressed").Should().Be("false");
        panel.FindAll("[data-testid^=sentiment-][aria-pressed=true]").Should().BeEmpty();
    }

    [Fact]
    public void ChoosingASentimentClearsTheHintAndSendsApprove()
    {
        var sent = new List<ReviewValues>();
        var panel = Context.Render<ReviewPanel>(p => p
            .Add(x => x.Draft, new ReviewDraft())
            .Add(x => x.OnSubmit, values => sent.Add(values)));
        panel.Find("[data-testid=submit-review]").Click();

        panel.Find("[data-testid=sentiment-neutral]").Click();
        panel.Find("[data-testid=submit-review]").Click();

        panel.FindAll("[data-testid=review-hint]").Should().BeEmpty();
        sent.Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Decision = ReviewDecision.APPROVED, Sentiment = Sentiment.NEUTRAL });
    }

    [Fact]
    public void TextFieldsAreBuiltAnewOnlyWhenTextLeavesOrArrives()
    {
        var shown = new ReviewDraft();
        var panel = Context.Render<ReviewPanel>(p => p.Add(x => x.Draft, shown));
        var fields = TextFields(panel);

        panel.Render(p => p.Add(x => x.Draft, new ReviewDraft()));

        TextFields(panel).Should().Equal(fields);

        // A keyboard submit puts what the fields hold into the draft; the server may not have seen it.
        var typed = new ReviewDraft();
        panel.Render(p => p.Add(x => x.Draft, typed));
        typed.Label = "off topic";
        panel.Render(p => p.Add(x => x.Draft, new ReviewDraft()));

        TextFields(panel).Should().NotIntersectWith(fields);
        panel.Find("[data-rq-field=label] input").GetAttribute("value").Should().BeNullOrEmpty();
    }

    [Fact]
    public void AnEarlierReviewIsPrefilled()
    {
        var item = new ReviewItemView(7, 1, "trace-7", "Trace 7", ItemStatus.IN_REVIEW, ReviewDecision.REJECTED,
            Sentiment.NEGATIVE, "off topic", "too long", "u1", "Mina Member", DateTime.UtcNow, "u1", "Mina Member",
            DateTime.UtcNow, DateTime.UtcNow);

        var panel = Context.Render<ReviewPanel>(p => p
            .Add(x => x.Draft, ReviewDraft.From(item))
            .Add(x => x.Reopened, true));

        panel.Find("[data-testid=sentiment-negative]").GetAttribute("aria-pressed").Should().Be("true");
        panel.Find("[data-testid=decision-rejected]").GetAttribute("aria-pressed").Should().Be("true");
        panel.Find("[data-rq-field=label] input").GetAttribute("value").Should().Be("off topic");
        panel.Find("[data-rq-field=notes] textarea").TextContent.Should().Be("too long");
        panel.Find("[data-testid=changing-review]").Should().NotBeNull();
    }

    private static List<object> TextFields(IRenderedComponent<ReviewPanel> panel) =>
        panel.FindComponents<MudTextField<string>>().Select(f => (object)f.Instance).ToList();
}
